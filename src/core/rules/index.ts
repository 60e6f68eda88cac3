// The rule registry: every rule module. The engine sorts findings by position, then rule id, so order here is only
// how they are grouped for reading.
import type { Rule } from '../lint';
import { dependencyCycle } from './dependency-cycle';
import { dependencyOrder } from './dependency-order';
import { doneWithOpenCriteria } from './done-with-open-criteria';
import { duplicateId } from './duplicate-id';
import { duplicatePriority } from './duplicate-priority';
import { missingAcceptanceCriteria } from './missing-acceptance-criteria';
import { missingBenefit } from './missing-benefit';
import { missingEstimate } from './missing-estimate';
import { missingSprintGoal } from './missing-sprint-goal';
import { missingValueStatement } from './missing-value-statement';
import { noItems } from './no-items';
import { priorityBuckets } from './priority-buckets';
import { priorityOrder } from './priority-order';
import { pseudoItems } from './pseudo-items';
import { sprintOverCapacity } from './sprint-over-capacity';
import { unfilledPlaceholder } from './unfilled-placeholder';
import { unknownDependency } from './unknown-dependency';

export const rules: readonly Rule[] = [
  // Structure first: a file without items or with broken markdown explains every other finding.
  noItems,
  pseudoItems,
  // Identity and references.
  duplicateId,
  unknownDependency,
  dependencyCycle,
  dependencyOrder,
  // Ordering.
  duplicatePriority,
  priorityOrder,
  priorityBuckets,
  // Item quality.
  missingValueStatement,
  missingBenefit,
  missingAcceptanceCriteria,
  unfilledPlaceholder,
  doneWithOpenCriteria,
  // Sprints and the forecast.
  missingSprintGoal,
  sprintOverCapacity,
  missingEstimate,
];
