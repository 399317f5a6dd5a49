/** Absolute path of the folder holding the built dashboard (index.html and assets/), ending in a separator. */
export declare const staticDir: string;
