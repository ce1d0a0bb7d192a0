import { apiVersionProblem } from './kinds';

/**
 * Why a rendered Job manifest cannot run as a Job created by a hook (or by Argo CD as a hook),
 * each with its fix; empty when it can. The API server refuses such a Job only when it is created,
 * which for a hook is at run time, in the Sensor's log, on every firing.
 */
export function hookJobProblems(manifest: any): string[] {
  const problems: string[] = [];
  const apiVersion = String(manifest?.apiVersion ?? '');
  const versionProblem = apiVersionProblem(apiVersion, 'Job');
  if (versionProblem !== undefined) {
    problems.push(`apiVersion "${apiVersion}": ${versionProblem}`);
  }
  const spec = manifest?.spec ?? {};
  const podSpec = spec.template?.spec ?? {};
  const containers: any[] = Array.isArray(podSpec.containers) ? podSpec.containers : [];
  if (containers.length === 0) {
    problems.push('the Job has no containers; add one with `containers` or `addContainer`');
  }
  containers.forEach((c, i) => {
    if (typeof c?.image !== 'string' || c.image.trim() === '') {
      problems.push(`container ${i} (${c?.name ?? 'unnamed'}) has no image, which the API server requires; set \`image\``);
    }
  });
  const restartPolicy = podSpec.restartPolicy;
  if (restartPolicy === undefined) {
    problems.push('restartPolicy is not set, so the API server defaults it to "Always", which a Job may not have; set restartPolicy to "Never" (a failed pod is replaced, up to backoffLimit) or "OnFailure"');
  } else if (restartPolicy !== 'Never' && restartPolicy !== 'OnFailure') {
    problems.push(`restartPolicy "${restartPolicy}" is refused for Jobs (only "Never" and "OnFailure" are allowed, since a Job's pod must be able to finish); use "Never", e.g. restartPolicy: RestartPolicy.NEVER`);
  }
  if (spec.suspend === true) {
    problems.push('suspend is true, so every Job created would wait forever for someone to resume it; remove `suspend`');
  }
  if (spec.selector !== undefined && spec.manualSelector !== true) {
    problems.push('spec.selector is set without manualSelector, which the API server refuses (it generates the selector itself); remove the selector');
  }
  return problems;
}

/** Throws the problems of {@link hookJobProblems}, naming `where` and the property. */
export function checkHookJob(where: string, property: string, manifest: any): void {
  const problems = hookJobProblems(manifest);
  if (problems.length > 0) {
    throw new Error(`${where}: ${property} cannot run as a Job: ${problems.join('; ')}`);
  }
}
