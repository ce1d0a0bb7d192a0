import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { invalid } from './_validation';
import { KubeVelaApplication, KubeVelaComponent } from './kubevela-application';
import { KubeVelaCall } from './kubevela-call';

/**
 * Properties of `KubeVelaApplyThenCall`.
 */
export interface KubeVelaApplyThenCallProps {
  /** The components to apply, in order. */
  readonly components: KubeVelaComponent[];

  /** The call made once every component is applied and healthy. */
  readonly call: KubeVelaCall;

  /**
   * The name of the call step.
   *
   * @default 'call'
   */
  readonly callStepName?: string;

  /**
   * Metadata of the KubeVela Application.
   *
   * @default - a generated name in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;

  /**
   * The `app.oam.dev/publishVersion` annotation: with it, the workflow (and so the call) runs
   * again only when this value changes.
   *
   * @default - the workflow runs on every spec change
   */
  readonly publishVersion?: string;
}

/**
 * Defines a KubeVela Application whose workflow applies its components and then calls a URL:
 * the apply-then-call pattern.
 *
 * Each component gets an `apply-component` step (`apply-<name>`), which waits until the component
 * and its traits are healthy; the call step depends on all of them. The workflow runs whenever
 * the Application spec changes (or its publish version), so the call is scoped to this
 * Application's components, but it needs the KubeVela controller in the cluster.
 */
export class KubeVelaApplyThenCall extends Construct {
  /** The KubeVela Application. */
  public readonly application: KubeVelaApplication;

  constructor(scope: Construct, id: string, props: KubeVelaApplyThenCallProps) {
    super(scope, id);
    const url = props.call.url;
    if (url !== undefined && !/^https?:\/\//.test(url)) {
      throw invalid(this, `call URL '${url}' is not an http(s) URL; use e.g. https://ci.example.com/hooks/deployed`);
    }
    const callStepName = props.callStepName ?? 'call';
    const applySteps = props.components.map(c => ({
      name: `apply-${c.name}`,
      stepType: 'apply-component',
      properties: { component: c.name },
    }));
    if (applySteps.some(s => s.name === callStepName)) {
      throw invalid(this, `callStepName '${callStepName}' is also the name of a step that applies a component; choose another name`);
    }
    this.application = new KubeVelaApplication(this, 'Resource', {
      metadata: props.metadata,
      components: props.components,
      publishVersion: props.publishVersion,
      workflowSteps: [
        ...applySteps,
        {
          name: callStepName,
          stepType: props.call.stepType,
          dependsOn: applySteps.map(s => s.name),
          properties: props.call.properties,
        },
      ],
    });
  }
}
