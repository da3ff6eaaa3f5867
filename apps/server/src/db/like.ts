/** LIKE patterns from user text: the wildcards % and _ (and the escape \) are matched literally. */
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
export const likePrefix = (s: string) => `${escapeLike(s)}%`;
export const likeContains = (s: string) => `%${escapeLike(s)}%`;
