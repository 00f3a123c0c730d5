/** The path of an error about the whole document (e.g. an unknown top-level field). */
export const ROOT_PATH = '（根）';
