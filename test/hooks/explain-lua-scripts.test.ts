import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { HookTarget, ResourceWatch, Trigger, When, argoevents } from '../../src';
import { explainManifests } from 'resource-hooks/explain';
import { describeLuaScript, recognizeScript } from 'resource-hooks/explain/lua-scripts';
import { namespacedChart } from '../support/charts';

/** Conditions of the hooks a chart synthesizes, by dependency name. */
function conditionsOf(chart: ReturnType<typeof namespacedChart>): Record<string, string[]> {
  return Object.fromEntries(explainManifests(Testing.synth(chart)).map((h) => [h.dependency, h.conditions]));
}

describe('the filters this library generates are named in plain words', () => {
  test('every When of a Deployment', () => {
    const chart = namespacedChart('apps');
    const web = new kplus.Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ image: 'nginx' }] });
    const watch = new ResourceWatch(chart, 'w', { target: HookTarget.fromConstruct(web) });
    const triggers = [Trigger.log()];
    watch.onCreated('created', { triggers });
    watch.onDeleted('deleted', { triggers });
    watch.onUpdated('updated', { triggers });
    watch.onSpecChange('spec', { triggers });
    watch.onFieldChange('fields', { paths: ['spec.template.spec.containers.0.image', 'metadata.labels.app\\.kubernetes\\.io/name'], triggers });
    watch.onRolloutComplete('rolled', { triggers });
    watch.onRolloutComplete('rolled-zero', { triggers, includeScaledToZero: true });
    watch.onRolloutFailed('failed', { triggers });
    watch.onCondition('available', { conditionType: 'Available', triggers });
    watch.addHook('custom', When.custom({ eventTypes: [argoevents.ResourceEventType.UPDATE], script: 'return event.body.spec.paused == true' }), { triggers });

    expect(conditionsOf(chart)).toEqual({
      'w-created': [],
      'w-deleted': [],
      'w-updated': ['updated (anything but status)'],
      'w-spec': ['spec changed (generation)'],
      'w-fields': ['field changed: spec.template.spec.containers.0.image, metadata.labels.app\\.kubernetes\\.io/name'],
      'w-rolled': ['rollout complete'],
      'w-rolled-zero': ['rollout complete (also when scaled to zero)'],
      'w-failed': ['rollout failed (progress deadline exceeded)'],
      'w-available': ['condition Available became True'],
      'w-custom': ['Lua script (1 line)'],
    });
    const created = explainManifests(Testing.synth(chart)).find((h) => h.dependency === 'w-created');
    expect(created?.eventTypes).toEqual(['ADD']);
    expect(created?.target.ignoresExisting).toBe(true);
  });

  test('StatefulSet and DaemonSet rollouts, Job outcomes, conditions with odd names', () => {
    const chart = namespacedChart('apps');
    const triggers = [Trigger.log()];
    const db = new kplus.StatefulSet(chart, 'db', {
      metadata: { name: 'db' }, containers: [{ image: 'pg' }], service: new kplus.Service(chart, 'svc', { ports: [{ port: 5432 }] }),
    });
    new ResourceWatch(chart, 'db-watch', { target: HookTarget.fromConstruct(db) }).onRolloutComplete('rolled', { triggers });
    const agent = new kplus.DaemonSet(chart, 'agent', { metadata: { name: 'agent' }, containers: [{ image: 'agent' }] });
    new ResourceWatch(chart, 'agent-watch', { target: HookTarget.fromConstruct(agent) }).onRolloutComplete('rolled', { triggers });
    const jobWatch = new ResourceWatch(chart, 'job-watch', {
      target: HookTarget.fromReference({ apiVersion: 'batch/v1', kind: 'Job', name: 'nightly', namespace: 'apps' }),
    });
    jobWatch.onJobSucceeded('ok', { triggers });
    jobWatch.onJobFailed('ko', { triggers });
    const cert = new ResourceWatch(chart, 'cert-watch', {
      target: HookTarget.fromReference({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', name: 'tls', namespace: 'apps' }),
    });
    cert.onCondition('ready', { conditionType: 'cert-manager.io/Ready', status: 'False', triggers });

    expect(conditionsOf(chart)).toEqual({
      'db-watch-rolled': ['rollout complete'],
      'agent-watch-rolled': ['rollout complete'],
      'job-watch-ok': ['job succeeded'],
      'job-watch-ko': ['job failed'],
      'cert-watch-ready': ['condition cert-manager.io/Ready became False'],
    });
  });

  test('an Argo CD sync hook names the object and the Application', () => {
    const chart = namespacedChart('team-a');
    const cm = new kplus.ConfigMap(chart, 'cm', { metadata: { name: 'settings' }, data: { a: 'b' } });
    new ResourceWatch(chart, 'w', { target: HookTarget.fromConstruct(cm) })
      .onArgoCdSync('applied', { application: 'platform', applicationNamespace: 'gitops', triggers: [Trigger.log()] });
    const [hook] = explainManifests(Testing.synth(chart));
    expect(hook.conditions).toEqual(['ConfigMap team-a/settings applied by an Argo CD sync of gitops/platform']);
    expect(hook.target).toMatchObject({ kind: 'Application', namespace: 'gitops', name: 'platform' });
  });
});

describe('recognizeScript', () => {
  const fieldChanged = `local function same(a, b)
  return a == b
end
local function at(value, path)
  return value
end
local new, old = event.body, event.oldBody
if event.type ~= "UPDATE" or type(new) ~= "table" or type(old) ~= "table" then return false end
for _, path in ipairs({ { "spec", "ports", 2 }, { "data", "a\\"b" } }) do
  if not same(at(new, path), at(old, path)) then return true end
end
return false`;

  test('reads field paths back from the Lua tables, whatever the line breaks', () => {
    expect(recognizeScript(fieldChanged, {})).toBe('field changed: spec.ports.1, data.a"b');
    expect(recognizeScript(fieldChanged.replace(/\n/g, '\n\n  '), {})).toBe('field changed: spec.ports.1, data.a"b');
  });

  test('a script that does more than ours is described generically', () => {
    const extended = fieldChanged.replace('return false', 'return event.body.spec.paused');
    expect(recognizeScript(extended, {})).toBeUndefined();
    // The deciding lines without the helpers they call are not ours either.
    expect(recognizeScript('return state(new) == "complete" and state(old) ~= "complete"', {})).toBeUndefined();
    expect(recognizeScript('return true', {})).toBeUndefined();
    const guard = 'local new, old = event.body, event.oldBody\nif event.type ~= "UPDATE" or type(new) ~= "table" or type(old) ~= "table" then return false end';
    const rolloutTail = 'if state(new) ~= "complete" then return false end\nif revision(old) ~= revision(new) then return true end\nreturn state(old) ~= "complete" and rolling(old)';
    expect(recognizeScript(`${guard}\n${rolloutTail}`, {})).toBeUndefined();
    const helpers = 'local function state(o) return "complete" end\nlocal function revision(o) return 1 end\nlocal function rolling(o) return true end';
    expect(recognizeScript(`${helpers}\n${guard}\n${rolloutTail}`, {})).toBe('rollout complete (also when scaled to zero)');
  });

  test('an Argo CD sync filter whose Application is unknown says so', () => {
    const script = `local new, old = event.body, event.oldBody
if event.type ~= "UPDATE" or type(new) ~= "table" or type(old) ~= "table" then return false end
if n == nil or n.phase ~= "Succeeded" or n.finishedAt == nil then return false end
for _, r in ipairs(n.syncResult.resources) do
  if type(r) == "table" and (r.group or "") == "apps" and r.kind == "Deployment"
    and (r.namespace or "") == "web" and r.name == "web"
    and r.status == "Synced" and r.hookType == nil
    and (type(r.message) ~= "string" or string.sub(r.message, -10) ~= " unchanged") then
    return true
  end
end
return false`;
    expect(recognizeScript(script, {})).toBe('Deployment.apps web/web applied by an Argo CD sync of a watched Argo CD Application');
  });

  test('describeLuaScript counts lines', () => {
    expect(describeLuaScript('return true')).toBe('Lua script (1 line)');
    expect(describeLuaScript('\nlocal a = 1\nreturn a > 0\n')).toBe('Lua script (2 lines)');
  });
});
