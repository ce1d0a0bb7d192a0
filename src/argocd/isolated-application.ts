import { App, Chart, Names, YamlOutputType } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { resolveApiObject } from '../common/constructs';
import { invalid } from './_validation';
import { ApplicationSyncOptions, ArgoCdApplication } from './application';
import { HookPhase } from './hook-phase';
import { SyncHook, SyncHookProps } from './sync-hook';

/**
 * Properties of `IsolatedApplication`.
 */
export interface IsolatedApplicationProps {
  /**
   * The chart holding the resources to isolate. The Application deploys exactly the file cdk8s
   * writes for this chart, so define the isolated resources (and their hooks) in it.
   */
  readonly chart: Chart;

  /** The Git repository the synthesized manifests are committed to. */
  readonly repoUrl: string;

  /** The directory of the synthesized manifests inside the repository, e.g. `dist`. */
  readonly path: string;

  /**
   * The revision to sync.
   *
   * @default 'HEAD'
   */
  readonly targetRevision?: string;

  /**
   * Glob selecting the chart's manifest file inside `path`.
   *
   * @default - the file cdk8s writes for `chart` with the default file-per-chart output,
   * `<chart>.k8s.yaml`, also matching the `0000-` index prefix cdk8s adds when charts depend on
   * each other (required for other output types)
   */
  readonly manifestInclude?: string;

  /**
   * The Application name.
   *
   * @default - the chart's name as used for its manifest file
   */
  readonly name?: string;

  /**
   * The namespace of the Application object.
   *
   * @default 'argocd'
   */
  readonly namespace?: string;

  /**
   * The AppProject.
   *
   * @default 'default'
   */
  readonly project?: string;

  /**
   * The destination cluster's API server URL.
   *
   * @default 'https://kubernetes.default.svc'
   */
  readonly destinationServer?: string;

  /**
   * The namespace for resources that do not set one.
   *
   * @default - the chart's namespace
   */
  readonly destinationNamespace?: string;

  /**
   * Sync automatically. An automated sync happens only when this Application's own manifests
   * change, which is what scopes its hooks to the isolated resources.
   *
   * @default true
   */
  readonly autoSync?: boolean;

  /**
   * Prune resources removed from the chart during automated syncs.
   *
   * @default true
   */
  readonly prune?: boolean;

  /**
   * Revert live changes automatically. Self-heal syncs skip hooks.
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
   * A Job in `chart` to run as a PostSync hook of the isolated Application (with `SyncHook`
   * defaults). Use `addSyncHook` for other phases or settings.
   *
   * @default - no hook
   */
  readonly postSyncJob?: IConstruct;
}

/**
 * Defines a separate Argo CD Application for the resources of one chart, so that hooks in that
 * chart run only when those resources are synced.
 *
 * Argo CD hooks belong to a whole Application; moving a few resources into their own Application
 * is the maintainers' usual answer to "run X when resource R changes". The Application object is
 * created in this construct's chart (typically the chart your parent or app-of-apps Application
 * deploys); exclude `manifestInclude` from the parent so the resources are not deployed twice.
 */
export class IsolatedApplication extends Construct {
  /** The Argo CD Application. */
  public readonly application: ArgoCdApplication;

  /** The chart whose resources the Application deploys. */
  public readonly chart: Chart;

  /** The glob selecting the chart's manifest file; exclude it from the parent Application. */
  public readonly manifestInclude: string;

  /**
   * The PostSync hook created for `postSyncJob`.
   *
   * @default - none
   */
  public readonly postSyncHook?: SyncHook;

  constructor(scope: Construct, id: string, props: IsolatedApplicationProps) {
    super(scope, id);
    this.chart = props.chart;
    if (Chart.of(this) === props.chart) {
      throw invalid(this, `chart '${props.chart.node.path}' is the chart this IsolatedApplication is defined in, so the Application would deploy itself; define it in another chart (the one your parent Application deploys)`);
    }
    this.manifestInclude = props.manifestInclude ?? this.defaultInclude();

    this.application = new ArgoCdApplication(this, 'Resource', {
      metadata: { name: props.name ?? Names.toDnsLabel(props.chart), namespace: props.namespace ?? 'argocd' },
      project: props.project,
      repoUrl: props.repoUrl,
      path: props.path,
      targetRevision: props.targetRevision,
      directoryInclude: this.manifestInclude,
      destinationServer: props.destinationServer,
      destinationNamespace: props.destinationNamespace ?? props.chart.namespace,
      autoSync: props.autoSync ?? true,
      prune: (props.autoSync ?? true) ? (props.prune ?? true) : props.prune,
      selfHeal: (props.autoSync ?? true) ? (props.selfHeal ?? false) : props.selfHeal,
      syncOptions: props.syncOptions,
      cascadeDelete: true,
    });

    if (props.postSyncJob !== undefined) {
      this.postSyncHook = this.addSyncHook('PostSync', { job: props.postSyncJob, phases: [HookPhase.POST_SYNC] });
    }
  }

  /**
   * Makes an object of the isolated chart a hook of this Application.
   *
   * @param id construct id of the hook
   * @param props the hook; its object must belong to `chart`
   */
  public addSyncHook(id: string, props: SyncHookProps): SyncHook {
    const target = props.job !== undefined ? resolveApiObject(this.node.path, 'job', props.job, { kind: 'Job', groups: ['batch'] }) : props.apiObject;
    if (target !== undefined && Chart.of(target) !== this.chart) {
      throw invalid(this, `hook object ${target.kind} '${target.name}' belongs to chart '${Chart.of(target).node.path}', not to the isolated chart '${this.chart.node.path}'; define it in the isolated chart so this Application runs it`);
    }
    return new SyncHook(this, id, props);
  }

  private defaultInclude(): string {
    const app = App.of(this.chart);
    if (app.yamlOutputType !== YamlOutputType.FILE_PER_CHART) {
      throw invalid(this, `manifestInclude is not set and the app writes ${YamlOutputType[app.yamlOutputType]} output, so the chart's file name is unknown; set manifestInclude to a glob matching the chart's manifests`);
    }
    const file = `${Names.toDnsLabel(this.chart)}${app.outputFileExtension}`;
    return `{${file},[0-9][0-9][0-9][0-9]-${file}}`;
  }
}
