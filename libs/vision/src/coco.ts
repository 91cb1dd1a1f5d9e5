// prettier-ignore
/** The 80 COCO labels in the order YOLOX and Ultralytics number their classes (class id = index). */
export const COCO_LABELS = [
  'person', 'bicycle', 'car', 'motorcycle', 'airplane', 'bus', 'train', 'truck', 'boat', 'traffic light',
  'fire hydrant', 'stop sign', 'parking meter', 'bench', 'bird', 'cat', 'dog', 'horse', 'sheep', 'cow',
  'elephant', 'bear', 'zebra', 'giraffe', 'backpack', 'umbrella', 'handbag', 'tie', 'suitcase', 'frisbee',
  'skis', 'snowboard', 'sports ball', 'kite', 'baseball bat', 'baseball glove', 'skateboard', 'surfboard',
  'tennis racket', 'bottle', 'wine glass', 'cup', 'fork', 'knife', 'spoon', 'bowl', 'banana', 'apple',
  'sandwich', 'orange', 'broccoli', 'carrot', 'hot dog', 'pizza', 'donut', 'cake', 'chair', 'couch',
  'potted plant', 'bed', 'dining table', 'toilet', 'tv', 'laptop', 'mouse', 'remote', 'keyboard',
  'cell phone', 'microwave', 'oven', 'toaster', 'sink', 'refrigerator', 'book', 'clock', 'vase',
  'scissors', 'teddy bear', 'hair drier', 'toothbrush',
] as const

export type CocoLabel = (typeof COCO_LABELS)[number]

/** The label of a class id, or undefined for an id outside 0..79 (a custom model's extra class). */
export function cocoLabel(classId: number): CocoLabel | undefined {
  return COCO_LABELS[classId]
}

/**
 * The classes a city operations centre counts and alerts on. The rest of COCO (cups, kites,
 * giraffes) is noise on a street camera; dropping it early keeps tracks and counts clean.
 * Motorcycles dominate Vietnamese traffic, so they are first-class here.
 */
export const TRAFFIC_LABELS = ['person', 'bicycle', 'car', 'motorcycle', 'bus', 'truck'] as const

export type TrafficLabel = (typeof TRAFFIC_LABELS)[number]

/** COCO class ids of TRAFFIC_LABELS: 0, 1, 2, 3, 5, 7. */
export const TRAFFIC_CLASS_IDS: ReadonlySet<number> = new Set(
  TRAFFIC_LABELS.map((label) => COCO_LABELS.indexOf(label)),
)

export function isTrafficClass(classId: number): boolean {
  return TRAFFIC_CLASS_IDS.has(classId)
}

/** Vietnamese names as operators say them (the UI speaks Vietnamese first). */
export const TRAFFIC_LABELS_VI: Readonly<Record<TrafficLabel, string>> = {
  person: 'người',
  bicycle: 'xe đạp',
  car: 'ô tô',
  motorcycle: 'xe máy',
  bus: 'xe buýt',
  truck: 'xe tải',
}
