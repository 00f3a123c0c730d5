/** The project self-evaluation framework used when none is named (frameworks/mof-project-2020.yaml). */
export const DEFAULT_PROJECT_FRAMEWORK = 'mof-project-2020';
