import { ApiObject, ApiObjectMetadata, GroupVersionKind } from 'cdk8s';
import { Construct } from 'constructs';
import { invalid } from './_validation';

/** Values of the Application-level `PrunePropagationPolicy` sync option. */
export enum PrunePropagationPolicy {
  FOREGROUND = 'foreground',
  BACKGROUND = 'background',
  ORPHAN = 'orphan',
}

/**
 * Application-level sync options (`spec.syncPolicy.syncOptions`). Options left unset are not
 * written.
 */
export interface ApplicationSyncOptions {
  /**
   * `ApplyOutOfSyncOnly=true`: apply only resources that are out of sync. Hooks still run.
   *
   * @default false
   */
  readonly applyOutOfSyncOnly?: boolean;

  /**
   * `CreateNamespace=true`: create the destination namespace if it is missing.
   *
   * @default false
   */
  readonly createNamespace?: boolean;

  /**
   * `PrunePropagationPolicy=<policy>` for deletions made by pruning.
   *
   * @default - Argo CD's default (foreground)
   */
  readonly prunePropagationPolicy?: PrunePropagationPolicy;

  /**
   * `FailOnSharedResource=true`: fail the sync when a resource is already tracked by another
   * Application.
   *
   * @default false
   */
  readonly failOnSharedResource?: boolean;

  /**
   * `RespectIgnoreDifferences=true`: keep the fields listed in `ignoreDifferences` out of syncs too.
   *
   * @default false
   */
  readonly respectIgnoreDifferences?: boolean;

  /**
   * `ServerSideApply=true` or `false` for every resource of the Application.
   *
   * @default - not written
   */
  readonly serverSideApply?: boolean;

  /**
   * `PruneLast=true`: prune after all waves are applied and Healthy.
   *
   * @default false
   */
  readonly pruneLast?: boolean;

  /**
   * `Replace=true` or `false` for every resource of the Application.
   *
   * @default - not written
   */
  readonly replace?: boolean;
}

/**
 * Properties of `ArgoCdApplication`.
 */
export interface ArgoCdApplicationProps {
  /**
   * Metadata of the Application. Its namespace must be one Argo CD watches for Applications.
   *
   * @default - a generated name in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;

  /**
   * The AppProject.
   *
   * @default 'default'
   */
  readonly project?: string;

  /** The Git repository URL (`spec.source.repoURL`). */
  readonly repoUrl: string;

  /**
   * The directory inside the repository.
   *
   * @default - the repository root
   */
  readonly path?: string;

  /**
   * The revision to sync (branch, tag or commit).
   *
   * @default 'HEAD'
   */
  readonly targetRevision?: string;

  /**
   * Glob of the files to include from `path` (`spec.source.directory.include`), e.g.
   * `{a.yaml,b.yaml}`.
   *
   * @default - every manifest file
   */
  readonly directoryInclude?: string;

  /**
   * Glob of the files to leave out (`spec.source.directory.exclude`).
   *
   * @default - nothing is left out
   */
  readonly directoryExclude?: string;

  /**
   * Read subdirectories of `path` too.
   *
   * @default false
   */
  readonly directoryRecurse?: boolean;

  /**
   * The destination cluster's API server URL.
   *
   * @default - 'https://kubernetes.default.svc' (the cluster Argo CD runs in) unless
   * `destinationName` is set
   */
  readonly destinationServer?: string;

  /**
   * The destination cluster by name, instead of `destinationServer`.
   *
   * @default - `destinationServer` is used
   */
  readonly destinationName?: string;

  /**
   * The namespace for resources that do not set one.
   *
   * @default - none
   */
  readonly destinationNamespace?: string;

  /**
   * Sync automatically when Git or the cluster drifts. Automated syncs run hooks; self-heal
   * syncs do not.
   *
   * @default false
   */
  readonly autoSync?: boolean;

  /**
   * Prune resources removed from Git during automated syncs (requires `autoSync`).
   *
   * @default false
   */
  readonly prune?: boolean;

  /**
   * Revert live changes automatically (requires `autoSync`). Self-heal operations are selective,
   * so they skip hooks and replace the last operation's sync result.
   *
   * @default false
   */
  readonly selfHeal?: boolean;

  /**
   * Application-level sync options.
   *
   * @default - none
   */
  readonly syncOptions?: ApplicationSyncOptions;

  /**
   * Add the `resources-finalizer.argocd.argoproj.io` finalizer, so that deleting the Application
   * deletes its resources (and runs its PreDelete/PostDelete hooks) instead of orphaning them.
   *
   * @default false
   */
  readonly cascadeDelete?: boolean;
}

/**
 * Defines an Argo CD `Application` (`argoproj.io/v1alpha1`) with a single Git directory source.
 */
export class ArgoCdApplication extends ApiObject {
  /** The API version and kind of Argo CD Applications. */
  public static readonly GVK: GroupVersionKind = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application' };

  constructor(scope: Construct, id: string, props: ArgoCdApplicationProps) {
    super(scope, id, {
      ...ArgoCdApplication.GVK,
      metadata: props.metadata,
      spec: renderSpec(props),
    });

    if (props.destinationServer !== undefined && props.destinationName !== undefined) {
      throw invalid(this, `destinationServer '${props.destinationServer}' and destinationName '${props.destinationName}' are both set; Argo CD accepts only one, so keep one of them`);
    }
    for (const [name, value] of [['prune', props.prune], ['selfHeal', props.selfHeal]] as const) {
      if (value !== undefined && !(props.autoSync ?? false)) {
        throw invalid(this, `${name} is set but autoSync is not; ${name} only applies to automated syncs, so set autoSync: true or remove ${name}`);
      }
    }
    if (props.cascadeDelete) {
      this.metadata.addFinalizers('resources-finalizer.argocd.argoproj.io');
    }
  }
}

function renderSpec(props: ArgoCdApplicationProps): unknown {
  const hasDirectory = props.directoryInclude !== undefined || props.directoryExclude !== undefined
    || props.directoryRecurse !== undefined;
  const syncOptions = renderSyncOptions(props.syncOptions ?? {});
  return {
    project: props.project ?? 'default',
    source: {
      repoURL: props.repoUrl,
      path: props.path,
      targetRevision: props.targetRevision ?? 'HEAD',
      directory: hasDirectory
        ? { include: props.directoryInclude, exclude: props.directoryExclude, recurse: props.directoryRecurse }
        : undefined,
    },
    destination: {
      server: props.destinationName === undefined ? (props.destinationServer ?? 'https://kubernetes.default.svc') : undefined,
      name: props.destinationName,
      namespace: props.destinationNamespace,
    },
    syncPolicy: props.autoSync || syncOptions.length > 0
      ? {
        automated: props.autoSync ? { prune: props.prune ?? false, selfHeal: props.selfHeal ?? false } : undefined,
        syncOptions: syncOptions.length > 0 ? syncOptions : undefined,
      }
      : undefined,
  };
}

function renderSyncOptions(options: ApplicationSyncOptions): string[] {
  const rendered: string[] = [];
  const flag = (name: string, value: boolean | undefined) => {
    if (value) {
      rendered.push(`${name}=true`);
    }
  };
  flag('ApplyOutOfSyncOnly', options.applyOutOfSyncOnly);
  flag('CreateNamespace', options.createNamespace);
  if (options.prunePropagationPolicy !== undefined) {
    rendered.push(`PrunePropagationPolicy=${options.prunePropagationPolicy}`);
  }
  flag('FailOnSharedResource', options.failOnSharedResource);
  flag('RespectIgnoreDifferences', options.respectIgnoreDifferences);
  if (options.serverSideApply !== undefined) {
    rendered.push(`ServerSideApply=${options.serverSideApply}`);
  }
  flag('PruneLast', options.pruneLast);
  if (options.replace !== undefined) {
    rendered.push(`Replace=${options.replace}`);
  }
  return rendered;
}
