import { IConstruct } from 'constructs';

/**
 * cdk8s has no `Annotations` API like the AWS CDK, so warnings are recorded as construct metadata
 * of this type and collected with `ArgoCd.warnings(scope)`.
 */
const WARNING_METADATA = 'cdk8s-resource-hooks:warning';

export function addWarning(scope: IConstruct, message: string): void {
  scope.node.addMetadata(WARNING_METADATA, message);
}

export function collectWarnings(scope: IConstruct): string[] {
  const warnings: string[] = [];
  for (const c of scope.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type === WARNING_METADATA) {
        warnings.push(`${c.node.path}: ${entry.data}`);
      }
    }
  }
  return warnings;
}
