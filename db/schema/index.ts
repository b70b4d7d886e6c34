export * from "./auth";
export * from "./audit";
export * from "./interviews";
export * from "./consent";
export * from "./settings";
export * from "./review";
export * from "./exports";
export * from "./publication";
