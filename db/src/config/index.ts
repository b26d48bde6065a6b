// Admin data model repositories and config cache (issue 3, part 4).
export {};
