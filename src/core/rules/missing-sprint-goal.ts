// missing-sprint-goal: a sprint heading that is planned or under way has no `Sprint goal:` line (or an empty one).
// The goal is what the sprint is for; without it the team cannot decide what to drop when the plan meets reality.
// Finished sprints (every item closed) are history and are left alone. The template is a suggestion: only a person
// can write the goal, and `[goal]` left in the file is reported by unfilled-placeholder.
import type { Rule, RuleFinding } from '../lint';
import type { Suggestion } from '../model';
import { isPastSprint, readSprints } from '../sprints';
import { backlogLanguage, PLACEHOLDER_WORDS, type Template, templateSnippet, templateText } from '../templates';
import { code, disabledAbove } from './helpers';

/** The goal label per language, as sprints.ts reads it back. */
const GOAL_LABELS: Readonly<Record<string, string>> = {
  en: 'Sprint goal:',
  de: 'Sprint-Ziel:',
  fr: 'Objectif du sprint :',
  es: 'Objetivo del sprint:',
  pt: 'Objetivo do sprint:',
  it: 'Obiettivo dello sprint:',
  nl: 'Sprintdoel:',
  ru: 'Цель спринта:',
  zh: '冲刺目标：',
};

export const missingSprintGoal: Rule = {
  id: 'missing-sprint-goal',
  description: 'A sprint heading (planned or under way) has no `Sprint goal:` line under it.',
  defaultSeverity: 'info',
  fixable: false,
  hasSuggestions: true,
  check({ backlog, source, eol }) {
    const findings: RuleFinding[] = [];
    for (const sprint of readSprints(backlog)) {
      // Heading groups only: a goal line under a parent bullet would belong to the bullet.
      if (sprint.headingSpan === null || backlog.groups[sprint.groupIndex].depth === 0) continue;
      if (sprint.goal !== null && sprint.goal !== '') continue;
      if (isPastSprint(backlog, sprint, null)) continue;
      if (disabledAbove(source, sprint.headingSpan.start, 'missing-sprint-goal')) continue;
      const empty = sprint.goal === '';
      findings.push({
        message: empty
          ? `Sprint ${code(sprint.name)} has an empty sprint goal; expected the goal written after ${code(source.slice(sprint.goalSpan!.start, sprint.goalSpan!.end).trim())}`
          : `Sprint ${code(sprint.name)} has no sprint goal; expected a \`Sprint goal:\` line under its heading saying what the sprint is for`,
        span: empty && sprint.goalSpan ? sprint.goalSpan : sprint.headingSpan,
        itemIndex: -1,
        suggestions: empty ? [] : [goalTemplate(source, sprint.headingSpan.end, eol, backlogLanguage(backlog))],
      });
    }
    return findings;
  },
};

/** `Sprint goal: [goal]` as its own paragraph right under the heading (whose line ends at `headingEnd`). */
function goalTemplate(source: string, headingEnd: number, eol: string, language: string): Suggestion {
  // A language without a goal label sprints.ts reads gets the English line, placeholder included.
  const lang = GOAL_LABELS[language] && PLACEHOLDER_WORDS[language] ? language : 'en';
  const label = GOAL_LABELS[lang];
  const word = `[${PLACEHOLDER_WORDS[lang][1]}]`;
  // A text line right under the heading would continue the goal's paragraph: keep a blank line before it.
  let next = headingEnd;
  if (source.startsWith('\r\n', next)) next += 2;
  else if (source[next] === '\n' || source[next] === '\r') next += 1;
  const lineEnd = source.indexOf('\n', next);
  const nextLine = source.slice(next, lineEnd === -1 ? source.length : lineEnd);
  const after = next < source.length && nextLine.trim() !== '' ? eol : '';
  const template: Template = [`${eol}${eol}${label} `, { stop: 1, text: word }, after];
  const edit = { start: headingEnd, end: headingEnd };
  return {
    title: 'Insert a sprint goal template',
    edits: [{ ...edit, newText: templateText(template) }],
    snippet: { ...edit, newText: templateSnippet(template) },
  };
}
