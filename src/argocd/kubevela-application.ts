import { ApiObject, ApiObjectMetadata, Duration, GroupVersionKind } from 'cdk8s';
import { Construct } from 'constructs';
import { DNS_LABEL, invalid } from './_validation';

/**
 * A trait attached to a KubeVela component.
 */
export interface KubeVelaTrait {
  /** The TraitDefinition name, e.g. `scaler`. */
  readonly traitType: string;

  /**
   * The trait's parameters; their shape is defined by the TraitDefinition.
   *
   * @default - none
   */
  readonly properties?: { [key: string]: any };
}

/**
 * A component of a KubeVela Application.
 */
export interface KubeVelaComponent {
  /** The component name (a lowercase DNS label). */
  readonly name: string;

  /** The ComponentDefinition name, e.g. `webservice`. */
  readonly componentType: string;

  /**
   * The component's parameters; their shape is defined by the ComponentDefinition.
   *
   * @default - none
   */
  readonly properties?: { [key: string]: any };

  /**
   * Traits of the component.
   *
   * @default - none
   */
  readonly traits?: KubeVelaTrait[];
}

/**
 * A step of a KubeVela workflow.
 */
export interface KubeVelaWorkflowStep {
  /** The step name, unique in the workflow. */
  readonly name: string;

  /** The WorkflowStepDefinition name, e.g. `apply-component`, `request`, `webhook`. */
  readonly stepType: string;

  /**
   * The step's parameters.
   *
   * @default - none
   */
  readonly properties?: { [key: string]: any };

  /**
   * Steps that must finish first.
   *
   * @default - none
   */
  readonly dependsOn?: string[];

  /**
   * A condition (the step's `if`) deciding whether the step runs, e.g. `status.deploy.succeeded`.
   *
   * @default - always runs
   */
  readonly condition?: string;

  /**
   * How long the step may run before it fails.
   *
   * @default - no timeout
   */
  readonly timeout?: Duration;
}

/** Execution order of workflow steps. */
export enum KubeVelaWorkflowMode {
  /** One step after the other, in the order given. */
  STEP_BY_STEP = 'StepByStep',
  /** Steps run as soon as their `dependsOn` are done. */
  DAG = 'DAG',
}

/**
 * Properties of `KubeVelaApplication`.
 */
export interface KubeVelaApplicationProps {
  /**
   * Metadata of the Application.
   *
   * @default - a generated name in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;

  /** The components. */
  readonly components: KubeVelaComponent[];

  /**
   * Workflow steps. When set, they replace KubeVela's default of applying every component, so a
   * component that no step applies is not deployed.
   *
   * @default - KubeVela applies all components
   */
  readonly workflowSteps?: KubeVelaWorkflowStep[];

  /**
   * How the steps are ordered.
   *
   * @default - KubeVela's default (StepByStep)
   */
  readonly workflowMode?: KubeVelaWorkflowMode;

  /**
   * The `app.oam.dev/publishVersion` annotation: with it, the workflow runs again only when this
   * value changes rather than on every spec change.
   *
   * @default - the workflow runs on every spec change
   */
  readonly publishVersion?: string;
}

/**
 * Defines a KubeVela `Application` (`core.oam.dev/v1beta1`).
 */
export class KubeVelaApplication extends ApiObject {
  /** The API version and kind of KubeVela Applications. */
  public static readonly GVK: GroupVersionKind = { apiVersion: 'core.oam.dev/v1beta1', kind: 'Application' };

  constructor(scope: Construct, id: string, props: KubeVelaApplicationProps) {
    super(scope, id, {
      ...KubeVelaApplication.GVK,
      metadata: props.metadata,
      spec: {
        components: props.components.map(c => ({
          name: c.name,
          type: c.componentType,
          properties: c.properties,
          traits: c.traits?.map(t => ({ type: t.traitType, properties: t.properties })),
        })),
        workflow: props.workflowSteps === undefined ? undefined : {
          mode: props.workflowMode === undefined ? undefined : { steps: props.workflowMode },
          steps: props.workflowSteps.map(s => ({
            name: s.name,
            type: s.stepType,
            if: s.condition,
            timeout: s.timeout === undefined ? undefined : `${s.timeout.toSeconds()}s`,
            dependsOn: s.dependsOn,
            properties: s.properties,
          })),
        },
      },
    });

    if (props.components.length === 0) {
      throw invalid(this, 'components is empty; a KubeVela Application needs at least one component');
    }
    checkUniqueNames(this, 'components', props.components.map(c => c.name));
    if (props.workflowMode !== undefined && props.workflowSteps === undefined) {
      throw invalid(this, 'workflowMode is set without workflowSteps; it only orders explicit steps, so add workflowSteps or remove workflowMode');
    }
    if (props.workflowSteps !== undefined) {
      const names = props.workflowSteps.map(s => s.name);
      checkUniqueNames(this, 'workflowSteps', names);
      for (const step of props.workflowSteps) {
        for (const dep of step.dependsOn ?? []) {
          if (dep === step.name || !names.includes(dep)) {
            const others = names.filter(n => n !== step.name);
            const fix = others.length > 0 ? `depend on one of ${others.join(', ')}` : 'remove it from dependsOn';
            throw invalid(this, `workflow step '${step.name}' depends on '${dep}', which is ${dep === step.name ? 'the step itself' : 'not a step of this workflow'}; ${fix}`);
          }
        }
      }
    }
    if (props.publishVersion !== undefined) {
      this.metadata.addAnnotation('app.oam.dev/publishVersion', props.publishVersion);
    }
  }
}

function checkUniqueNames(scope: Construct, property: string, names: string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (!DNS_LABEL.test(name)) {
      throw invalid(scope, `${property} has the name '${name}', which is not a lowercase DNS label; use letters, digits and '-'`);
    }
    if (seen.has(name)) {
      throw invalid(scope, `${property} has the name '${name}' twice; names must be unique`);
    }
    seen.add(name);
  }
}
