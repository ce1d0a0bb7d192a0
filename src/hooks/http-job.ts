import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { EventValue } from './event-value';
import { goTemplateReference } from './run-metadata';

/**
 * An HTTP call made by a small Job instead of by the Sensor. Argo Events' HTTP trigger sends a
 * Secret's content as the whole header value, so `Authorization: Bearer <token>` from a Secret that
 * holds only the token cannot be sent by the Sensor; a Job can. The Job is also owned, logged,
 * retried (`backoffLimit`), deduplicated by name and reported on failure like any hook Job.
 */

/** The curl image the Job runs (has a POSIX shell); pinned, so a release cannot change behaviour. */
export const HTTP_JOB_IMAGE = 'curlimages/curl:8.11.1';

/** Sends the request and checks the status against the allow-list, with values from the environment only. */
const SCRIPT = [
  'set -eu',
  'set --',
  'i=0',
  'while [ "$i" -lt "$HOOK_HEADER_COUNT" ]; do',
  '  eval "name=\\${HOOK_HEADER_NAME_$i}; value=\\${HOOK_HEADER_VALUE_$i}"',
  '  set -- "$@" -H "$name: $value"',
  '  i=$((i + 1))',
  'done',
  'code=$(curl -sS -o /tmp/response -w "%{http_code}" --max-time "$HOOK_TIMEOUT" -X "$HOOK_METHOD" "$@" --data-binary "$HOOK_BODY" "$HOOK_URL") || code=000',
  'echo "$HOOK_METHOD $HOOK_URL: HTTP $code"',
  'head -c 2048 /tmp/response 2>/dev/null || true',
  'case " $HOOK_SUCCESS_CODES " in *" $code "*) exit 0 ;; esac',
  'echo "HTTP $code is not one of: $HOOK_SUCCESS_CODES" >&2',
  'exit 1',
].join('\n');

/** A header of the request: a constant, or a Secret's key after an optional prefix. */
export interface HttpJobHeader {
  readonly name: string;
  readonly value?: string;
  readonly secret?: { readonly name: string; readonly key: string; readonly prefix: string };
}

/** What the request is. */
export interface HttpJobRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: HttpJobHeader[];
  readonly timeoutSeconds: number;
  readonly successCodes: number[];
  readonly attempts: number;
}

/**
 * The Job template (in `scope`, taken out of the tree by Trigger.job) and the env entries the
 * event fills in; `HOOK_BODY` is set by the caller from {@link bodyTemplate}.
 */
export function httpJob(scope: Construct, id: string, namespace: string, request: HttpJobRequest): ApiObject {
  const env: any[] = [
    { name: 'HOOK_URL', value: request.url },
    { name: 'HOOK_METHOD', value: request.method },
    { name: 'HOOK_TIMEOUT', value: String(request.timeoutSeconds) },
    { name: 'HOOK_SUCCESS_CODES', value: request.successCodes.join(' ') },
    { name: 'HOOK_HEADER_COUNT', value: String(request.headers.length) },
  ];
  request.headers.forEach((h, i) => {
    env.push({ name: `HOOK_HEADER_NAME_${i}`, value: h.name });
    if (h.secret !== undefined) {
      // The Secret's value is read by the shell only: the prefix is a separate variable.
      env.push({ name: `HOOK_SECRET_${i}`, valueFrom: { secretKeyRef: { name: h.secret.name, key: h.secret.key } } });
      env.push({ name: `HOOK_HEADER_VALUE_${i}`, value: `${h.secret.prefix}$(HOOK_SECRET_${i})` });
    } else {
      env.push({ name: `HOOK_HEADER_VALUE_${i}`, value: h.value ?? '' });
    }
  });
  env.push({ name: 'HOOK_BODY', value: '' });
  return new ApiObject(scope, id, {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { namespace },
    spec: {
      backoffLimit: Math.max(0, request.attempts - 1),
      template: {
        spec: {
          restartPolicy: 'Never',
          securityContext: { runAsNonRoot: true, runAsUser: 100, runAsGroup: 101 },
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '1Mi' } }],
          containers: [{
            name: 'http',
            image: HTTP_JOB_IMAGE,
            command: ['sh', '-c', SCRIPT],
            env,
            resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '200m', memory: '64Mi' } },
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
          }],
        },
      },
    },
  });
}

/**
 * A Go template rendering the JSON body: `{ key: value }` where keys may be dotted paths of nested
 * objects and values come from the event (raw JSON) or are constants (strings).
 */
export function bodyTemplate(payload: { [key: string]: EventValue }): string {
  interface Tree { [key: string]: Tree | EventValue }
  const tree: Tree = {};
  for (const [dest, value] of Object.entries(payload)) {
    const keys = dest.split('.');
    let node = tree;
    keys.slice(0, -1).forEach((k) => {
      const next = node[k];
      node[k] = next instanceof EventValue || next === undefined ? {} : next;
      node = node[k] as Tree;
    });
    node[keys[keys.length - 1]] = value;
  }
  const render = (node: Tree): string => `{${Object.entries(node).map(([k, v]) => {
    const value = v instanceof EventValue
      ? (v.path === undefined ? JSON.stringify(v.value ?? '') : `{{ toJson (${goTemplateReference(v.path)}) }}`)
      : render(v);
    return `${JSON.stringify(k)}:${value}`;
  }).join(',')}}`;
  return render(tree);
}
