import { afterAll } from "vitest";
import { removeTempDirs } from "./temp.js";

// vitest setupFiles: runs in every test file, so each file removes the temp dirs it made.
afterAll(removeTempDirs);
