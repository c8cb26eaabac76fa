/** Kept equal to package.json's version (checked by the test suite). */
export const VERSION = '0.1.0';
