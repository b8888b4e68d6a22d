export const probe = "console-test";
