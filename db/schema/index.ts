export * from "./auth";
export * from "./audit";
export * from "./interviews";
export * from "./consent";
