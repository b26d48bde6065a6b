// Durable statistics writer (issue 3, part 5). Filled by its own module files.
export {};
