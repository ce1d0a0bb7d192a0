/**
 * Recognises the `exprs` filters cdk8s-resource-hooks compiles its conditions to (a field change,
 * a Deployment's completed rollout) and names them in plain words, like the Lua it generates.
 * Fields are read as `[path,!default]|0`: gjson multipaths whose literal stands in for an absent
 * field.
 */

type Json = Record<string, unknown>;

interface BoundField {
  readonly name: string;
  readonly path: string;
}

/** `path` of `[path,!default]|0`, or undefined for any other path. */
function defaulted(path: string): string | undefined {
  const match = /^\[(.*),!(?:null|false|true|-?\d+(?:\.\d+)?|"[^"]*")\]\|0$/.exec(path);
  return match === null ? undefined : match[1];
}

function fieldChanged(expr: string, fields: BoundField[]): string | undefined {
  const terms = expr.split(' || ');
  if (terms.length === 0 || fields.length !== 2 * terms.length) {
    return undefined;
  }
  const paths: string[] = [];
  for (const [i, term] of terms.entries()) {
    if (term !== `new${i} != old${i}`) {
      return undefined;
    }
    const neu = defaulted(fields.find((f) => f.name === `new${i}`)?.path ?? '');
    const old = defaulted(fields.find((f) => f.name === `old${i}`)?.path ?? '');
    if (neu === undefined || old === undefined || !neu.startsWith('body.') || old !== `oldBody.${neu.slice('body.'.length)}`) {
      return undefined;
    }
    paths.push(neu.slice('body.'.length));
  }
  return `field changed: ${paths.join(', ')}`;
}

const DEPLOYMENT_FIELDS = ['Paused', 'Generation', 'Observed', 'Progress', 'Desired', 'Updated', 'Replicas', 'Available', 'Revision'];

function deploymentRollout(expr: string, fields: BoundField[]): string | undefined {
  const names = new Set(fields.map((f) => f.name));
  const expected = ['n', 'o'].flatMap((p) => DEPLOYMENT_FIELDS.map((f) => `${p}${f}`));
  if (names.size !== expected.length || !expected.every((n) => names.has(n)) || !fields.every((f) => defaulted(f.path) !== undefined)) {
    return undefined;
  }
  const complete = "(!nPaused && nGeneration <= nObserved && nProgress != 'ProgressDeadlineExceeded' && nUpdated >= nDesired && nReplicas <= nUpdated && nAvailable >= nUpdated)";
  if (expr.startsWith(`${complete} && nDesired != 0 && (nRevision != oRevision`)) {
    return 'rollout complete';
  }
  if (expr.startsWith(`(${complete} && (nRevision != oRevision`) && expr.includes('|| (nDesired == 0 && oRevision != nRevision')) {
    return 'rollout complete (also when scaled to zero)';
  }
  return undefined;
}

/** Plain words for an `exprs` entry this library generated, or `undefined` for any other. */
export function recognizeExpr(filter: Json): string | undefined {
  const expr = typeof filter.expr === 'string' ? filter.expr : '';
  const fields = (Array.isArray(filter.fields) ? filter.fields : [])
    .filter((f): f is Json => f !== null && typeof f === 'object')
    .map((f) => ({ name: String(f.name ?? ''), path: String(f.path ?? '') }));
  return fieldChanged(expr, fields) ?? deploymentRollout(expr, fields);
}
