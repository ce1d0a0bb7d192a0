/** Reference to one key of a Secret in the object's own namespace. */
export interface SecretKeySelector {
  /** Name of the Secret. */
  readonly name: string;
  /** Key inside the Secret. */
  readonly key: string;
  /**
   * Whether the pod may start when the Secret or key is missing.
   * @default - the Secret must exist (Argo Events mounts it and the pod waits for it)
   */
  readonly optional?: boolean;
}

/** Reference to one key of a ConfigMap in the object's own namespace. */
export interface ConfigMapKeySelector {
  /** Name of the ConfigMap. */
  readonly name: string;
  /** Key inside the ConfigMap. */
  readonly key: string;
  /** @default - the ConfigMap must exist */
  readonly optional?: boolean;
}

/** Pod settings of the Deployment the Argo Events controller creates for an EventSource or Sensor. */
export interface ArgoEventsPodTemplate {
  /**
   * ServiceAccount the pod runs as.
   * @default - the namespace's `default` account
   */
  readonly serviceAccountName?: string;
  /** @default - none */
  readonly metadata?: ArgoEventsPodMetadata;
  /** @default - none */
  readonly nodeSelector?: { [key: string]: string };
  /** @default - none */
  readonly priorityClassName?: string;
  /**
   * Container overrides (resources, securityContext, imagePullPolicy, env); raw Kubernetes JSON.
   * @default - controller defaults
   */
  readonly container?: any;
  /**
   * Pod security context; raw Kubernetes JSON.
   * @default - controller defaults
   */
  readonly securityContext?: any;
}

/** Labels and annotations put on the pod. */
export interface ArgoEventsPodMetadata {
  /** @default - none */
  readonly labels?: { [key: string]: string };
  /** @default - none */
  readonly annotations?: { [key: string]: string };
}
