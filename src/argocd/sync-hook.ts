import { ApiObject, JsonPatch, Names } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { resolveApiObject } from '../common/constructs';
import { hookJobProblems } from '../common/job-template';
import { ObjectRole, claimObject } from '../common/object-roles';
import { apiGroupOf } from './_api-group';
import { HOOK_ANNOTATION, HOOK_DELETE_POLICY_ANNOTATION, SYNC_WAVE_ANNOTATION, annotationsOf } from './_annotations';
import { hasBuiltInHealthCheck } from './_health';
import { checkWave, invalid } from './_validation';
import { addWarning } from './_warnings';
import { HookDeletePolicy } from './hook-delete-policy';
import { HookNaming } from './hook-naming';
import { HookPhase } from './hook-phase';

/**
 * Properties of a `SyncHook`. Set exactly one of `job` and `apiObject`.
 */
export interface SyncHookProps {
  /**
   * The hook types. Several phases on one object are allowed (it then runs in each of them);
   * `HookPhase.SKIP` must be the only phase.
   */
  readonly phases: HookPhase[];

  /**
   * The Job to run as a hook: a cdk8s-plus `Job` of any supported line (28, 32, 33, 34) or an
   * `ApiObject` of kind Job.
   *
   * A `ttlAfterFinished` on the Job is allowed: since Argo CD 3.0 a finalizer keeps a hook until
   * its result is recorded, so the TTL controller can no longer make a hook look stuck. On older
   * versions a TTL shorter than the sync can leave the operation waiting on a Job that is gone.
   *
   * @default - `apiObject` is used
   */
  readonly job?: IConstruct;

  /**
   * Any object to run as a hook (a Pod, an Argo Workflow, or another kind).
   *
   * @default - `job` is used
   */
  readonly apiObject?: ApiObject;

  /**
   * When Argo CD deletes the hook object. Always written explicitly, because Argo CD silently
   * applies BeforeHookCreation when the annotation is missing.
   *
   * @default - `[HOOK_SUCCEEDED]` for hooks with a PreDelete or PostDelete phase (the only policy
   * that cleans them up); otherwise `[HOOK_SUCCEEDED]` with `HookNaming.GENERATE_NAME`
   * (`[HOOK_FAILED]` for SyncFail-only hooks, which only run in failed operations) and
   * `[BEFORE_HOOK_CREATION]` with `HookNaming.FIXED_NAME`
   */
  readonly deletePolicies?: HookDeletePolicy[];

  /**
   * The sync wave of the hook inside its phase (an integer, written as a string).
   *
   * @default - no annotation, which Argo CD reads as wave 0
   */
  readonly wave?: number;

  /**
   * Whether the hook keeps its fixed name or gets a new name (and therefore runs) on every
   * operation. See `HookNaming` for how this interacts with the delete policy.
   *
   * @default - `HookNaming.FIXED_NAME` for hooks with a PreDelete or PostDelete phase (they run
   * once per Application deletion), otherwise `HookNaming.GENERATE_NAME`
   */
  readonly naming?: HookNaming;

  /**
   * The `metadata.generateName` prefix, used with `HookNaming.GENERATE_NAME`. Argo CD appends up
   * to 27 characters, so for a Job the prefix may have at most 36 (Job names must fit a
   * 63-character label).
   *
   * @default - the object's name followed by `-`; a name too long for that is replaced by a
   * shorter one derived from the construct path (with a hash)
   */
  readonly generateName?: string;

  /**
   * Whether Argo CD has a health check for the object's kind (built in, or added to `argocd-cm`
   * such as `ArgoEventsHealthChecks`). Without one, a hook counts as done as soon as it is created,
   * so a PreSync, Sync or PreDelete hook of such a kind gets a warning.
   *
   * @default - true for kinds with a built-in Argo CD health check (Job, Pod, Deployment, Argo
   * Workflow, …)
   */
  readonly hasHealthCheck?: boolean;
}

/** Canonical order of the phases in the annotation: execution order, then the odd one out. */
const PHASE_ORDER: HookPhase[] = [
  HookPhase.PRE_SYNC, HookPhase.SYNC, HookPhase.POST_SYNC, HookPhase.SYNC_FAIL,
  HookPhase.PRE_DELETE, HookPhase.POST_DELETE, HookPhase.SKIP,
];
const POLICY_ORDER: HookDeletePolicy[] = [
  HookDeletePolicy.HOOK_SUCCEEDED, HookDeletePolicy.HOOK_FAILED, HookDeletePolicy.BEFORE_HOOK_CREATION,
];
const DELETE_PHASES = new Set<HookPhase>([HookPhase.PRE_DELETE, HookPhase.POST_DELETE]);
/** Phases whose success gates what comes next (the sync, later waves, the deletion). */
const BLOCKING_PHASES = new Set<HookPhase>([HookPhase.PRE_SYNC, HookPhase.SYNC, HookPhase.PRE_DELETE]);

/** What Argo CD appends to `generateName`: `<rev[0:7]>-<phase>-<unix seconds>`, at most 7+1+8+1+10. */
const GENERATED_SUFFIX_MAX = 27;
/** Job names end up in the `job-name` label of their pods. */
const JOB_NAME_MAX = 63;
const NAME_MAX = 253;
const NAME_PREFIX = /^[a-z0-9][-a-z0-9.]*$/;

/**
 * Defines an Argo CD resource hook: marks a Job (or any object) of this app with the hook phases,
 * an explicit delete policy and optionally a wave.
 *
 * Argo CD hooks are scoped to the whole Application sync: a PostSync hook runs after every full
 * sync of the Application, whichever resources changed. For work that must follow a change of one
 * resource, use `ResourceWatch` instead.
 *
 * @example
 * const migrate = new kplus.Job(chart, 'migrate', { containers: [{ image: 'ghcr.io/acme/migrate:1.4.2' }] });
 * new SyncHook(chart, 'migrate-hook', { job: migrate, phases: [HookPhase.PRE_SYNC], wave: -1 });
 */
export class SyncHook extends Construct {
  /** The hook object. */
  public readonly apiObject: ApiObject;

  /**
   * The naming mode in effect.
   *
   * @default - none for Skip hooks, which Argo CD does not apply
   */
  public readonly naming?: HookNaming;

  /**
   * The `generateName` prefix, when `naming` is `HookNaming.GENERATE_NAME`.
   *
   * @default - none
   */
  public readonly generateName?: string;

  /**
   * The wave, when one was set.
   *
   * @default - none (wave 0)
   */
  public readonly wave?: number;

  private readonly _phases: HookPhase[];
  private readonly _deletePolicies: HookDeletePolicy[];

  constructor(scope: Construct, id: string, props: SyncHookProps) {
    super(scope, id);

    this.apiObject = this.resolveTarget(props);
    claimObject(this.apiObject, ObjectRole.SYNC_HOOK, this.node.path, props.job !== undefined ? 'job' : 'apiObject');
    if (apiGroupOf(this.apiObject) === 'batch' && this.apiObject.kind === 'Job') {
      // Checked at synthesis: the Job may still be configured after the hook is declared.
      const property = props.job !== undefined ? 'job' : 'apiObject';
      this.node.addValidation({
        validate: () => hookJobProblems(this.apiObject.toJson()).map((p) => `${this.node.path}: ${property} cannot run as a Job: ${p}`),
      });
    }
    this._phases = this.normalizePhases(props.phases);
    this.wave = props.wave;

    const annotations = annotationsOf(this.apiObject);
    const existingHook = annotations[HOOK_ANNOTATION];
    if (existingHook !== undefined) {
      throw invalid(this, `${this.describeTarget()} already carries ${HOOK_ANNOTATION} '${existingHook}'; define a single SyncHook per object and list all its phases there`);
    }

    if (this._phases.includes(HookPhase.SKIP)) {
      this.rejectForSkip(props);
      this._deletePolicies = [];
      this.apiObject.metadata.addAnnotation(HOOK_ANNOTATION, HookPhase.SKIP);
      return;
    }

    const hasDeletePhase = this._phases.some(p => DELETE_PHASES.has(p));
    this.naming = props.naming ?? (hasDeletePhase ? HookNaming.FIXED_NAME : HookNaming.GENERATE_NAME);
    this._deletePolicies = this.normalizeDeletePolicies(props.deletePolicies, hasDeletePhase);

    this.apiObject.metadata.addAnnotation(HOOK_ANNOTATION, this._phases.join(','));
    this.apiObject.metadata.addAnnotation(HOOK_DELETE_POLICY_ANNOTATION, this._deletePolicies.join(','));

    if (props.wave !== undefined) {
      const wave = checkWave(this, 'wave', props.wave);
      const existingWave = annotations[SYNC_WAVE_ANNOTATION];
      if (existingWave !== undefined && existingWave !== wave) {
        throw invalid(this, `wave ${wave} conflicts with the sync wave '${existingWave}' already set on ${this.describeTarget()}; set the wave in one place`);
      }
      this.apiObject.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, wave);
    }

    if (this.naming === HookNaming.GENERATE_NAME) {
      this.generateName = this.resolveGenerateName(props.generateName);
      this.apiObject.addJsonPatch(
        JsonPatch.remove('/metadata/name'),
        JsonPatch.add('/metadata/generateName', this.generateName),
      );
    } else if (props.generateName !== undefined) {
      throw invalid(this, `generateName '${props.generateName}' is set but naming is ${this.naming}; remove generateName or use naming: HookNaming.GENERATE_NAME`);
    }

    this.warnIfNothingWaits(props.hasHealthCheck);
  }

  /** The hook types, in execution order. */
  public get phases(): HookPhase[] {
    return [...this._phases];
  }

  /** The delete policies written to the object (empty for Skip hooks). */
  public get deletePolicies(): HookDeletePolicy[] {
    return [...this._deletePolicies];
  }

  private resolveTarget(props: SyncHookProps): ApiObject {
    if (props.job !== undefined && props.apiObject !== undefined) {
      throw invalid(this, 'both job and apiObject are set; pass the hook object in exactly one of them');
    }
    if (props.job !== undefined) {
      return resolveApiObject(this.node.path, 'job', props.job, { kind: 'Job', groups: ['batch'] });
    }
    if (props.apiObject !== undefined) {
      return props.apiObject;
    }
    throw invalid(this, 'neither job nor apiObject is set; pass the Job (or any ApiObject) that Argo CD should run as a hook');
  }

  private normalizePhases(phases: HookPhase[]): HookPhase[] {
    if (phases.length === 0) {
      throw invalid(this, 'phases is empty; list at least one HookPhase, e.g. [HookPhase.POST_SYNC]');
    }
    for (const phase of phases) {
      if (!PHASE_ORDER.includes(phase)) {
        throw invalid(this, `phases contains '${phase}', which is not an Argo CD hook type; use one of ${PHASE_ORDER.join(', ')}`);
      }
    }
    const unique = PHASE_ORDER.filter(p => phases.includes(p));
    if (unique.includes(HookPhase.SKIP) && unique.length > 1) {
      throw invalid(this, `phases '${unique.join(',')}' combine Skip with other phases; Argo CD honours Skip only as the sole phase and would run the object as a hook, so pass [HookPhase.SKIP] alone or drop it`);
    }
    return unique;
  }

  private rejectForSkip(props: SyncHookProps): void {
    const ignored: Array<[string, unknown]> = [
      ['deletePolicies', props.deletePolicies], ['wave', props.wave], ['naming', props.naming],
      ['generateName', props.generateName], ['hasHealthCheck', props.hasHealthCheck],
    ];
    for (const [name, value] of ignored) {
      if (value !== undefined) {
        throw invalid(this, `${name} is set on a Skip hook, which Argo CD never applies, so it has no effect; remove ${name}`);
      }
    }
  }

  private normalizeDeletePolicies(given: HookDeletePolicy[] | undefined, hasDeletePhase: boolean): HookDeletePolicy[] {
    const onlySyncFail = this._phases.every(p => p === HookPhase.SYNC_FAIL);
    const onlyDeletePhases = this._phases.every(p => DELETE_PHASES.has(p));
    if (given === undefined) {
      if (hasDeletePhase) {
        return [HookDeletePolicy.HOOK_SUCCEEDED];
      }
      if (this.naming === HookNaming.FIXED_NAME) {
        return [HookDeletePolicy.BEFORE_HOOK_CREATION];
      }
      return [onlySyncFail ? HookDeletePolicy.HOOK_FAILED : HookDeletePolicy.HOOK_SUCCEEDED];
    }

    if (given.length === 0) {
      throw invalid(this, 'deletePolicies is empty, which leaves Argo CD to apply BeforeHookCreation implicitly; omit deletePolicies to get this hook\'s default or list the policies you want');
    }
    for (const policy of given) {
      if (!POLICY_ORDER.includes(policy)) {
        throw invalid(this, `deletePolicies contains '${policy}', which is not an Argo CD delete policy; use one of ${POLICY_ORDER.join(', ')}`);
      }
    }
    const policies = POLICY_ORDER.filter(p => given.includes(p));
    const listed = `deletePolicies '${policies.join(',')}'`;
    if (policies.includes(HookDeletePolicy.BEFORE_HOOK_CREATION)) {
      if (this.naming === HookNaming.GENERATE_NAME) {
        throw invalid(this, `${listed} include BeforeHookCreation, which never matches a hook named with generateName because every operation creates a new name; use HookDeletePolicy.HOOK_SUCCEEDED or HOOK_FAILED, or naming: HookNaming.FIXED_NAME`);
      }
      if (onlyDeletePhases) {
        throw invalid(this, `${listed} include BeforeHookCreation, which Argo CD ignores for ${this._phases.join('/')} hooks; use HookDeletePolicy.HOOK_SUCCEEDED`);
      }
    }
    if (onlySyncFail && policies.includes(HookDeletePolicy.HOOK_SUCCEEDED)) {
      throw invalid(this, `${listed} include HookSucceeded, but a SyncFail hook runs only in an operation that failed, so it would never be deleted; use HookDeletePolicy.HOOK_FAILED or BEFORE_HOOK_CREATION`);
    }
    if (hasDeletePhase && !policies.includes(HookDeletePolicy.HOOK_SUCCEEDED)) {
      const deletePhases = this._phases.filter(p => DELETE_PHASES.has(p)).join('/');
      throw invalid(this, `${listed} lack HookSucceeded; Argo CD deletes a successful ${deletePhases} hook only with HookSucceeded, so it would stay in the cluster after the Application is gone; add HookDeletePolicy.HOOK_SUCCEEDED`);
    }
    return policies;
  }

  private resolveGenerateName(given: string | undefined): string {
    const isJob = apiGroupOf(this.apiObject) === 'batch' && this.apiObject.kind === 'Job';
    const max = (isJob ? JOB_NAME_MAX : NAME_MAX) - GENERATED_SUFFIX_MAX;
    if (given === undefined) {
      // A shortened name keeps a path hash, so that two hooks of one phase never share a prefix
      // (Argo CD would give them the same generated name).
      const name = this.apiObject.name;
      return `${name.length < max ? name : Names.toDnsLabel(this.apiObject, { maxLen: max - 1 })}-`;
    }
    if (!NAME_PREFIX.test(given)) {
      throw invalid(this, `generateName '${given}' is not a valid name prefix; use lowercase letters, digits, '-' and '.', starting with a letter or digit`);
    }
    if (given.length > max) {
      const limit = isJob ? `Job names must fit in ${JOB_NAME_MAX} characters` : `names must fit in ${NAME_MAX} characters`;
      throw invalid(this, `generateName '${given}' has ${given.length} characters; Argo CD appends up to ${GENERATED_SUFFIX_MAX} more and ${limit}, so use at most ${max}`);
    }
    return given;
  }

  private warnIfNothingWaits(hasHealthCheck: boolean | undefined): void {
    const blocking = this._phases.filter(p => BLOCKING_PHASES.has(p));
    const group = apiGroupOf(this.apiObject);
    if (blocking.length === 0 || (hasHealthCheck ?? hasBuiltInHealthCheck(group, this.apiObject.kind))) {
      return;
    }
    const kind = group === '' ? this.apiObject.kind : `${group}/${this.apiObject.kind}`;
    addWarning(this, `${this.describeTarget()} is a ${blocking.join('/')} hook, but Argo CD has no health check for ${kind}, so the hook counts as done as soon as it is created and nothing waits for its work; run the work in a Job or Pod, add a health check to argocd-cm, or set hasHealthCheck: true if one exists`);
  }

  private describeTarget(): string {
    return `${this.apiObject.kind} '${this.apiObject.name}'`;
  }
}
