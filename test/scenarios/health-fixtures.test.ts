import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { runLuaFilter } from 'resource-hooks/engine/lua';
import { DAEMONSET_STATE, DEPLOYMENT_STATE, JOB_STATE, STATEFULSET_STATE } from '../../src/hooks/health-lua';
import { SHARED_DIR, sharedAvailable } from '../support/shared';

// The rollout and job predicates the hooks use must call an object complete exactly when Argo
// CD calls it Healthy, on the objects gitops-engine's own health tests use.
const STATES: Record<string, string> = {
  Deployment: DEPLOYMENT_STATE,
  StatefulSet: STATEFULSET_STATE,
  DaemonSet: DAEMONSET_STATE,
  Job: JOB_STATE,
};

function state(object: any): string {
  const chunk = STATES[object.kind];
  for (const s of ['complete', 'progressing', 'failed', 'paused']) {
    if (runLuaFilter(`${chunk}\nreturn state(event.body) == "${s}"`, { body: object })) {
      return s;
    }
  }
  throw new Error(`no state for ${object.kind}`);
}

const dir = path.join(SHARED_DIR, 'fixtures', 'health');
const describeIfShared = sharedAvailable('fixtures/health') ? describe : describe.skip;

describeIfShared('agreement with Argo CD health on the gitops-engine fixtures', () => {
  const expected: Record<string, string> = sharedAvailable('fixtures/health')
    ? JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'))
    : {};

  test('covers every fixture', () => {
    expect(Object.keys(expected).length).toBe(8);
  });

  test.each(Object.entries(expected))('%s: Argo CD says %s', (file, health) => {
    const object = parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    expect(state(object) === 'complete').toBe(health === 'Healthy');
    if (health === 'Degraded') {
      expect(state(object)).toBe('failed');
    }
  });
});
