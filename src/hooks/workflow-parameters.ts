/**
 * `Trigger.argoWorkflow` sets `spec.arguments.parameters` of the Workflow it submits. A name the
 * Workflow does not declare is a typo more often than not, and Argo Workflows would just carry the
 * extra argument unused, so it is refused, listing what the Workflow declares. A Workflow that runs
 * a WorkflowTemplate (`spec.workflowTemplateRef`) takes the template's parameters, which the app
 * cannot see, so any name is accepted there.
 */
export function checkWorkflowParameter(where: string, workflow: any, name: string): void {
  if (workflow?.spec?.workflowTemplateRef !== undefined) {
    return;
  }
  const declared: string[] = (workflow?.spec?.arguments?.parameters ?? []).map((p: any) => String(p?.name));
  if (!declared.includes(name)) {
    const known = declared.length === 0 ? 'declares no parameters' : `declares ${declared.map((d) => `"${d}"`).join(', ')}`;
    throw new Error(`${where}: parameters["${name}"] is not a parameter of the Workflow, which ${known}, so the value would reach no template; declare it in the Workflow's spec.arguments.parameters (and use it as {{workflow.parameters.${name}}}) or fix the name`);
  }
}
