import { Outlet } from 'react-router'
import { useKiosk } from '../kiosk/use-kiosk.js'
import { KioskController } from '../kiosk/KioskController.js'
import { ExpiredOverlay } from '../session/ExpiredOverlay.js'
import { ConnectionBanner } from './ConnectionBanner.js'
import '../shell.css'

/** Around every signed-in screen: the connection banner, the expired-session overlay, kiosk mode. */
export function ShellLayout() {
  const kiosk = useKiosk()
  return (
    <>
      <ConnectionBanner />
      <Outlet />
      <ExpiredOverlay />
      {kiosk && <KioskController />}
    </>
  )
}
