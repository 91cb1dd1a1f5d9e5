import { Navigate, type RouteObject } from 'react-router'
import { NotFound, type PendingKey } from './layout/PendingScreen.js'
import { RouteError } from './layout/RouteError.js'
import { ShellLayout } from './layout/ShellLayout.js'
import { HomeRedirect, RequireRole, RequireSession } from './session/guards.js'

// Each screen is its own chunk: the KPI tablets never download the map or the video code.
const pending = (screen: PendingKey) => async () => {
  const { PendingScreen } = await import('./layout/PendingScreen.js')
  return { Component: () => <PendingScreen screen={screen} /> }
}

/** The dashboard's routes (data mode). Screens of later issues replace their `pending(...)` here. */
export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    // Shown while the first screen's chunk loads (data mode renders nothing before it otherwise).
    hydrateFallbackElement: <p className="shell-page shell-muted">…</p>,
    children: [
      {
        path: '/login',
        lazy: async () => ({ Component: (await import('../login/LoginPage.js')).LoginPage }),
      },
      {
        element: (
          <RequireSession>
            <ShellLayout />
          </RequireSession>
        ),
        children: [
          { index: true, element: <HomeRedirect /> },
          { path: 'wall', lazy: async () => ({ Component: (await import('../wall/WallPage.js')).WallPage }) },
          {
            path: 'kpi/:kpiId?',
            lazy: async () => ({ Component: (await import('../kpi/KpiPage.js')).KpiPage }),
          },
          {
            path: 'alerts',
            lazy: async () => ({ Component: (await import('../alerts/AlertsPage.js')).AlertsPage }),
          },
          {
            path: 'alerts/report',
            lazy: async () => ({
              Component: (await import('../alerts/report/ReportPage.js')).ReportPage,
            }),
          },
          {
            path: 'cameras/:id',
            lazy: async () => ({ Component: (await import('../cameras/CameraPage.js')).CameraPage }),
          },
          { path: 'sensors/:id', lazy: pending('sensor') },
          {
            path: 'admin',
            element: <RequireRole roles={['admin']} />,
            children: [
              {
                lazy: async () => ({ Component: (await import('../admin/AdminPage.js')).AdminPage }),
                children: [
                  { index: true, element: <Navigate to="/admin/cameras" replace /> },
                  {
                    path: 'cameras',
                    lazy: async () => ({
                      Component: (await import('../admin/cameras/CamerasPage.js')).CamerasPage,
                    }),
                  },
                  {
                    path: 'sensors',
                    lazy: async () => ({
                      Component: (await import('../admin/sensors/SensorsPage.js')).SensorsPage,
                    }),
                  },
                  {
                    path: 'rules',
                    lazy: async () => ({
                      Component: (await import('../admin/rules/RulesPage.js')).RulesPage,
                    }),
                  },
                  {
                    path: 'users',
                    lazy: async () => ({
                      Component: (await import('../admin/users/UsersPage.js')).UsersPage,
                    }),
                  },
                  { path: '*', element: <Navigate to="/admin/cameras" replace /> },
                ],
              },
            ],
          },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]
