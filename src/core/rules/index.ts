// The rule registry: every rule module, in the order findings are reported for the same position.
import type { Rule } from '../lint';

export const rules: readonly Rule[] = [];
