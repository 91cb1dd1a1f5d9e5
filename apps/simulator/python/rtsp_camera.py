#!/usr/bin/python3
"""A simulated IP camera: GStreamer's RTSP server re-serving an RTP/H.264 feed that arrives on a
local UDP port, where a child ffmpeg loops a clip at real-time speed. One shared media per server,
so every client sees the same live stream, as from a real camera. Both this process and its ffmpeg
die with their parent (PR_SET_PDEATHSIG): a crashed test leaves no camera behind.

Prints one JSON object per line on stdout: {"event": "ready"}, then "client-connected",
"session-started" (a client asked to PLAY), "client-closed", each with the counts so far. The
counts are what tests use to check that the ingest opens exactly one session to a camera.

Usage: rtsp_camera.py --port 8554 --feed-port 40000 [--clip file.mp4] --path /stream [--user u --password p]
                      [--protocols tcp,udp]
Without --clip no feeder is started: the caller sends RTP/H.264 (payload type 96) to the feed port
itself (the clock camera paints its frames in Node).
"""
import argparse
import ctypes
import json
import signal
import subprocess
import sys
import threading
import time

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

counts = {"clients": 0, "active": 0, "sessions": 0}


def emit(event, **fields):
    sys.stdout.write(json.dumps({"event": event, **counts, **fields}) + "\n")
    sys.stdout.flush()


def die_with_parent():
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def feed_forever(clip, port, stopping):
    """ffmpeg loops the clip into the server; restarted if it ever exits."""
    command = [
        # the clip carries SPS/PPS before each key frame (see camera-clip.ts): the depayloader here
        # has no SDP to read them from
        "ffmpeg", "-v", "error", "-nostdin", "-re", "-stream_loop", "-1", "-i", clip, "-an", "-c", "copy",
        "-f", "rtp", f"rtp://127.0.0.1:{port}",
    ]
    while not stopping.is_set():
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, preexec_fn=die_with_parent)
        feed_forever.child = child
        child.wait()
        if not stopping.is_set():
            sys.stderr.write(f"feeder exited ({child.returncode}); restarting\n")
            time.sleep(1)


def main():
    die_with_parent()
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--feed-port", type=int, required=True)
    parser.add_argument("--clip")
    parser.add_argument("--path", default="/stream")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--protocols", default="tcp,udp")
    args = parser.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))

    factory = GstRtspServer.RTSPMediaFactory()
    # h264parse re-inserts SPS/PPS before every key frame so a client joining mid-stream can decode.
    factory.set_launch(
        f"( udpsrc port={args.feed_port} buffer-size=2097152 "
        'caps="application/x-rtp,media=video,clock-rate=90000,encoding-name=H264,payload=96" '
        "! rtph264depay ! h264parse config-interval=-1 "
        "! rtph264pay name=pay0 pt=96 config-interval=-1 )"
    )
    factory.set_shared(True)
    protocols = GstRtsp.RTSPLowerTrans(0)
    for name in args.protocols.split(","):
        protocols |= {"tcp": GstRtsp.RTSPLowerTrans.TCP, "udp": GstRtsp.RTSPLowerTrans.UDP}[name]
    factory.set_protocols(protocols)

    if args.user:
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string("media.factory.role", args.user)
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(args.user, args.password or ""), token)
        server.set_auth(auth)
        factory.add_role_from_structure(
            Gst.Structure.new_from_string(
                f"{args.user}, media.factory.access=(boolean)true, media.factory.construct=(boolean)true"
            )
        )

    server.get_mount_points().add_factory(args.path, factory)

    def on_client(_server, client):
        counts["clients"] += 1
        counts["active"] += 1
        address = client.get_connection().get_ip()
        emit("client-connected", ip=address)

        def on_play(_client, _ctx):
            counts["sessions"] += 1
            emit("session-started", ip=address)

        def on_closed(_client):
            counts["active"] -= 1
            emit("client-closed", ip=address)

        client.connect("play-request", on_play)
        client.connect("closed", on_closed)

    server.connect("client-connected", on_client)
    if server.attach(None) == 0:
        sys.stderr.write(f"cannot listen on 127.0.0.1:{args.port}\n")
        sys.exit(1)

    stopping = threading.Event()
    if args.clip:
        threading.Thread(target=feed_forever, args=(args.clip, args.feed_port, stopping), daemon=True).start()
    loop = GLib.MainLoop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, sig, loop.quit)
    emit("ready", port=args.port)
    loop.run()
    stopping.set()
    child = getattr(feed_forever, "child", None)
    if child:
        child.terminate()
        child.wait()


if __name__ == "__main__":
    main()
