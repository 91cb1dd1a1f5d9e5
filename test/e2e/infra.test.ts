// infra/ is deployed by people who cannot run it here: every YAML file parses, the compose file and
// the Kubernetes manifests have what they need, and what they point at (probe paths, variables,
// ports, names) exists in the code and in each other. `docker compose config` too where Docker is.
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { iocEnvSchema } from '@ioc/config'

const root = fileURLToPath(new URL('../../', import.meta.url))
const infra = join(root, 'infra')

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
  )
}

type Doc = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- YAML of any shape
const parsed = new Map<string, Doc[]>(
  yamlFiles(infra).map((file) => {
    // merge keys (`<<: *anchor`) as Compose reads them
    const docs = parseAllDocuments(readFileSync(file, 'utf8'), { merge: true })
    return [relative(infra, file), (Array.isArray(docs) ? docs : [docs]).map((d) => d.toJS() as Doc)]
  }),
)

/** The probe paths the code serves: the api's health controller under /api, the ingest's ops server. */
function servedPaths(): Set<string> {
  const controller = readFileSync(join(root, 'apps/api/src/health/health.controller.ts'), 'utf8')
  const prefix = /@Controller\('([^']+)'\)/.exec(controller)![1]
  const api = [...controller.matchAll(/@Get\('([^']+)'\)/g)].map((m) => `/api/${prefix}/${m[1]}`)
  const ops = readFileSync(join(root, 'apps/ingest/src/ops/ops-server.ts'), 'utf8')
  const ingest = [...ops.matchAll(/path === '(\/[^']+)'/g)].map((m) => m[1]!)
  return new Set([...api, ...ingest])
}

// Variables of other programs: PostgreSQL's image, Node, Redis's password for its own command line.
const foreignVariables = new Set([
  'NODE_EXTRA_CA_CERTS',
  'POSTGRES_USER',
  'POSTGRES_DB',
  'POSTGRES_PASSWORD',
  'PGDATA',
  'REDIS_PASSWORD',
])

describe('infra/', () => {
  it('has YAML files that all parse without error', () => {
    expect(parsed.size).toBeGreaterThanOrEqual(8)
    for (const file of parsed.keys()) {
      const docs = parseAllDocuments(readFileSync(join(infra, file), 'utf8'), { merge: true })
      for (const doc of Array.isArray(docs) ? docs : [docs]) {
        expect(doc.errors, file).toEqual([])
        expect(doc.warnings, file).toEqual([])
      }
    }
  })

  describe('compose.production.yml', () => {
    const compose = parsed.get('compose.production.yml')![0]!
    const services = compose.services as Record<string, Doc>

    it('has every part of the system, each with an image and a health check', () => {
      expect(Object.keys(services).sort()).toEqual([
        'api',
        'ingest',
        'mosquitto',
        'nginx',
        'redis',
        'timescaledb',
      ])
      for (const [name, service] of Object.entries(services)) {
        expect(service.image, name).toMatch(/^\S+$/)
        expect(service.healthcheck?.test, name).toBeDefined()
        for (const dependency of Object.keys(service.depends_on ?? {}))
          expect(Object.keys(services)).toContain(dependency)
      }
      expect(services.timescaledb!.image).toMatch(/^timescale\/timescaledb:/)
      expect(services.api!.deploy.replicas).toMatch(/IOC_API_REPLICAS/)
      expect(services.ingest!.deploy.replicas).toMatch(/IOC_INGEST_REPLICAS/)
    })

    it('checks the api and the ingest on their readiness paths, names only variables the services read', () => {
      const paths = servedPaths()
      for (const name of ['api', 'ingest']) {
        const check = (services[name]!.healthcheck.test as string[]).join(' ')
        const path = /http:\/\/127\.0\.0\.1:\d+(\/[a-z/]+)/.exec(check)?.[1]
        expect(paths, `${name}: ${check}`).toContain(path)
        for (const variable of Object.keys(services[name]!.environment))
          expect(variable in iocEnvSchema.shape || foreignVariables.has(variable), variable).toBe(true)
      }
    })

    it('runs Mosquitto with logins and TLS only', () => {
      const conf = readFileSync(join(infra, 'mosquitto/mosquitto.production.conf'), 'utf8')
      expect(conf).toMatch(/^listener 8883$/m)
      expect(conf).not.toMatch(/^listener 1883/m)
      expect(conf).toMatch(/^allow_anonymous false$/m)
      expect(conf).toMatch(/^certfile /m)
      for (const name of ['api', 'ingest'])
        expect(services[name]!.environment.MQTT_URL).toMatch(
          /^mqtts:\/\/[^:]+:\$\{[A-Z_]+:\?[^}]+\}@mosquitto:8883$/,
        )
    })

    it('is accepted by `docker compose config` where Docker is installed', () => {
      const compose = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' })
      if (compose.error || compose.status !== 0) {
        // no Docker Compose on this machine (the development machine and CI have at most the docker
        // client, without the compose plugin): the checks above are all there is
        expect(compose.error ? (compose.error as NodeJS.ErrnoException).code : compose.stderr).toMatch(
          /ENOENT|unknown command/,
        )
        return
      }
      const env = Object.fromEntries(
        [...readFileSync(join(infra, 'compose.production.yml'), 'utf8').matchAll(/\$\{([A-Z_]+):\?/g)].map(
          (m) => [m[1], 'x'],
        ),
      )
      const config = spawnSync(
        'docker',
        ['compose', '-f', join(infra, 'compose.production.yml'), 'config', '-q'],
        {
          env: { ...process.env, ...env },
          encoding: 'utf8',
        },
      )
      expect(config.stderr).toBe('')
      expect(config.status).toBe(0)
    })
  })

  describe('k8s/', () => {
    const docs = [...parsed.entries()]
      .filter(([file]) => file.startsWith('k8s/'))
      .flatMap(([file, list]) => list.map((doc) => ({ file, doc })))
    const apiVersions: Record<string, string> = {
      Namespace: 'v1',
      ConfigMap: 'v1',
      Secret: 'v1',
      Service: 'v1',
      Deployment: 'apps/v1',
      StatefulSet: 'apps/v1',
      HorizontalPodAutoscaler: 'autoscaling/v2',
      PodDisruptionBudget: 'policy/v1',
      Ingress: 'networking.k8s.io/v1',
    }
    const of = (kind: string) => docs.filter((d) => d.doc.kind === kind).map((d) => d.doc)
    const workloads = [...of('Deployment'), ...of('StatefulSet')]
    const labelsMatch = (selector: Record<string, string>, labels: Record<string, string>) =>
      Object.entries(selector).every(([k, v]) => labels?.[k] === v)

    it('has only known kinds, each with its apiVersion, a name and the namespace', () => {
      expect(docs.length).toBeGreaterThan(10)
      for (const { file, doc } of docs) {
        expect(apiVersions[doc.kind], `${file}: ${doc.kind}`).toBe(doc.apiVersion)
        expect(doc.metadata?.name, file).toMatch(/^[a-z0-9-]+$/)
        if (doc.kind !== 'Namespace')
          expect(doc.metadata.namespace, `${file} ${doc.metadata.name}`).toBe('ioc')
      }
      expect(
        of('Deployment')
          .map((d) => d.metadata.name)
          .sort(),
      ).toEqual(['api', 'ingest'])
      expect(
        of('StatefulSet')
          .map((d) => d.metadata.name)
          .sort(),
      ).toEqual(['mosquitto', 'redis', 'timescaledb'])
    })

    it('gives every container an image, resources and probes; the api and the ingest probe paths the code serves', () => {
      const paths = servedPaths()
      for (const w of workloads) {
        expect(
          labelsMatch(w.spec.selector.matchLabels, w.spec.template.metadata.labels),
          w.metadata.name,
        ).toBe(true)
        for (const c of w.spec.template.spec.containers) {
          const where = `${w.metadata.name}/${c.name}`
          expect(c.image, where).toMatch(/^\S+:\S+$/)
          for (const side of ['requests', 'limits']) {
            expect(c.resources?.[side]?.cpu, `${where} ${side}`).toBeDefined()
            expect(c.resources?.[side]?.memory, `${where} ${side}`).toBeDefined()
          }
          const ports = new Set((c.ports ?? []).map((p: Doc) => p.name))
          for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
            const spec = c[probe]
            if (!spec) continue
            const port = spec.httpGet?.port ?? spec.tcpSocket?.port
            if (typeof port === 'string') expect(ports, `${where} ${probe}`).toContain(port)
            if (spec.httpGet) expect(paths, `${where} ${probe}`).toContain(spec.httpGet.path)
          }
          expect(c.readinessProbe, where).toBeDefined()
          expect(c.livenessProbe, where).toBeDefined()
        }
      }
      for (const name of ['api', 'ingest']) {
        const c = of('Deployment').find((d) => d.metadata.name === name)!.spec.template.spec.containers[0]
        expect(c.readinessProbe.httpGet.path).toMatch(/\/health\/ready$/)
        expect(c.livenessProbe.httpGet.path).toMatch(/\/health\/live$/)
      }
    })

    it('points Services, autoscalers and budgets at workloads that exist', () => {
      for (const s of of('Service'))
        expect(
          workloads.some((w) => labelsMatch(s.spec.selector, w.spec.template.metadata.labels)),
          s.metadata.name,
        ).toBe(true)
      for (const h of of('HorizontalPodAutoscaler')) {
        const target = of(h.spec.scaleTargetRef.kind).find(
          (w) => w.metadata.name === h.spec.scaleTargetRef.name,
        )
        expect(target, h.metadata.name).toBeDefined()
        expect(h.spec.minReplicas).toBeGreaterThanOrEqual(2)
      }
      expect(
        of('HorizontalPodAutoscaler')
          .map((h) => h.metadata.name)
          .sort(),
      ).toEqual(['api', 'ingest'])
      for (const p of of('PodDisruptionBudget'))
        expect(
          workloads.some((w) => labelsMatch(p.spec.selector.matchLabels, w.spec.template.metadata.labels)),
          p.metadata.name,
        ).toBe(true)
      expect(
        of('PodDisruptionBudget')
          .map((p) => p.metadata.name)
          .sort(),
      ).toEqual(['api', 'ingest'])
    })

    it('reads only ConfigMaps and Secret keys it defines (or that infra/README.md says to create), and IOC variables that exist', () => {
      const configMaps = new Map(
        of('ConfigMap').map((c) => [c.metadata.name, c.data as Record<string, string>]),
      )
      const secrets = new Map(
        of('Secret').map((s) => [s.metadata.name, s.stringData as Record<string, string>]),
      )
      const readme = readFileSync(join(infra, 'README.md'), 'utf8')
      for (const key of Object.keys(configMaps.get('ioc-config')!))
        expect(key in iocEnvSchema.shape || foreignVariables.has(key), key).toBe(true)
      for (const w of workloads)
        for (const c of w.spec.template.spec.containers) {
          for (const from of c.envFrom ?? []) expect(configMaps.has(from.configMapRef.name)).toBe(true)
          for (const e of c.env ?? []) {
            expect(
              e.name in iocEnvSchema.shape || foreignVariables.has(e.name),
              `${w.metadata.name}: ${e.name}`,
            ).toBe(true)
            const ref = e.valueFrom?.secretKeyRef
            if (ref)
              expect(Object.keys(secrets.get(ref.name) ?? {}), `${w.metadata.name}: ${e.name}`).toContain(
                ref.key,
              )
          }
          for (const v of w.spec.template.spec.volumes ?? []) {
            if (v.configMap) expect(configMaps.has(v.configMap.name), v.name).toBe(true)
            if (v.secret && !secrets.has(v.secret.secretName))
              expect(readme, v.secret.secretName).toContain(v.secret.secretName)
          }
        }
    })
  })
})
