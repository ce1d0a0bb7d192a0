/**
 * Kinds (`group/Kind`, empty group for the core API) whose Argo CD health check can report
 * Progressing, so that Argo CD waits for them: the Go built-ins plus the built-in Lua checks of
 * argoproj.io kinds. Anything else (ConfigMap, Secret, Service without a load balancer, CRDs
 * without a Lua check such as Argo Events Sensor and EventSource) is Healthy as soon as it exists.
 */
const KINDS_WITH_HEALTH = new Set([
  '/Pod',
  '/PersistentVolumeClaim',
  'batch/Job',
  'apps/Deployment',
  'apps/StatefulSet',
  'apps/DaemonSet',
  'apps/ReplicaSet',
  'autoscaling/HorizontalPodAutoscaler',
  'networking.k8s.io/Ingress',
  'apiregistration.k8s.io/APIService',
  'argoproj.io/Workflow',
  'argoproj.io/CronWorkflow',
  'argoproj.io/Rollout',
  'argoproj.io/AnalysisRun',
  'argoproj.io/Experiment',
  'argoproj.io/EventBus',
  'argoproj.io/ApplicationSet',
]);

export function hasBuiltInHealthCheck(apiGroup: string, kind: string): boolean {
  return KINDS_WITH_HEALTH.has(`${apiGroup}/${kind}`);
}
