/** Starting points for the hand-written files of a new vendor package; never overwritten. */
export function scaffoldFiles(): Record<string, string> {
  return {
    "src/index.ts": `// Hand-written entry point: the generator created it once and never touches it again.\nexport * from "./generated/index.js";\n`,
    "src/lite.ts": `// Hand-written entry point of \`/lite\`: the generator created it once and never touches it again.\nexport * from "./generated/lite.js";\n`,
    "tsconfig.json": JSON.stringify({ extends: "../../tsconfig.base.json", include: ["src", "test"] }, null, 2) + "\n",
    "tsconfig.build.json":
      JSON.stringify(
        { extends: "../../tsconfig.base.json", compilerOptions: { outDir: "dist", rootDir: "src" }, include: ["src"] },
        null,
        2,
      ) + "\n",
  };
}
