import { Finding, FindingCollector, isRecord, pathJoin } from './finding';
import { listOf, recordAt, recordOf, stringOf } from './json-values';

/**
 * `security/inline-secret`: credentials written into a manifest, where everyone who can read the
 * Git repository or the object sees them, instead of being referenced from a Secret:
 * - URLs anywhere in the spec with a password (`scheme://user:password@host`) or a credential
 *   in the query string (`?token=…`);
 * - trigger headers whose name says they carry a credential (`Authorization`, `X-Api-Key`,
 *   `*token*`, …) with a literal value, in `http.headers` and `kafka.headers`.
 * Values that are placeholders filled in at runtime (`$(VAR)`, `${VAR}`, `{{ … }}`) are not reported.
 */
export function checkInlineSecrets(kind: string, obj: unknown): Finding[] {
  const out = new FindingCollector(kind, obj);
  const spec = recordAt(obj, 'spec');
  checkUrls(out, spec, 'spec');
  if (kind === 'Sensor') {
    listOf(spec.triggers).forEach((trigger, i) => checkTriggerHeaders(out, trigger, pathJoin('spec.triggers', i)));
  }
  return out.findings;
}

const URL_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*:([^\s/?#@]+)@/i;
const QUERY_CREDENTIAL = /[?&](access_token|token|api[_-]?key|apikey|password|secret|client_secret)=([^&#\s]+)/i;
const PLACEHOLDER = /\$\(|\$\{|\{\{/;

function checkUrls(out: FindingCollector, value: unknown, path: string): void {
  if (typeof value === 'string') {
    const password = URL_PASSWORD.exec(value)?.[1];
    const query = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? QUERY_CREDENTIAL.exec(value) : null;
    if (password !== undefined && !PLACEHOLDER.test(password)) {
      out.warning('security/inline-secret', path,
        'The URL contains a password (user:password@host), which makes it readable by everyone who can read this ' +
        'manifest. Keep credentials in a Secret and reference them (basicAuth, secureHeaders, or the secret fields ' +
        'of this type).');
    } else if (query !== null && !PLACEHOLDER.test(query[2])) {
      out.warning('security/inline-secret', path,
        `The URL carries a credential in its query string (${query[1]}=…), which makes it readable by everyone who ` +
        'can read this manifest. Send it from a Secret instead, e.g. as a secureHeaders entry.');
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => checkUrls(out, item, pathJoin(path, i)));
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) {
      checkUrls(out, item, pathJoin(path, key));
    }
  }
}

const SECRET_HEADER = /authorization|token|api[-_]?key|secret|passw(or)?d|cookie|credential|(^|[-_])auth([-_]|$)/i;

function checkTriggerHeaders(out: FindingCollector, trigger: unknown, path: string): void {
  const template = recordAt(trigger, 'template');
  // A header a parameter overwrites holds only a placeholder.
  const written = new Set(listOf(recordOf(trigger).parameters).map((p) => stringOf(recordOf(p).dest)));
  for (const type of ['http', 'kafka']) {
    const spec = recordOf(template[type]);
    listOf(spec.parameters).forEach((p) => written.add(`${type}.${stringOf(recordOf(p).dest)}`));
    for (const [name, value] of Object.entries(recordOf(spec.headers))) {
      if (SECRET_HEADER.test(name) && typeof value === 'string' && value.trim() !== '' && !PLACEHOLDER.test(value) &&
          !written.has(`${type}.headers.${name}`)) {
        out.warning('security/inline-secret', pathJoin(path, 'template', type, 'headers', name),
          `Header ${JSON.stringify(name)} holds a literal credential, readable by everyone who can read this ` +
          'manifest. Move it to a Secret and send it with secureHeaders: [{name: ' +
          `${JSON.stringify(name)}, valueFrom: {secretKeyRef: {name: <secret>, key: <key>}}}].`);
      }
    }
  }
  const dlqTrigger = recordOf(trigger).dlqTrigger;
  if (isRecord(dlqTrigger)) {
    checkTriggerHeaders(out, dlqTrigger, pathJoin(path, 'dlqTrigger'));
  }
}
