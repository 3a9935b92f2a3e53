// ESLint flat config: TypeScript's recommended rules with type information, plus Pulumi's plugin,
// whose rules catch an Output interpolated into a template literal (use pulumi.interpolate).
// see https://typescript-eslint.io/getting-started/typed-linting and
// https://github.com/pulumi/eslint-plugin-pulumi
import eslint from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "plan/", "coverage/", "infra/providers/talos/plugin-package/"] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { "@pulumi": pulumi },
    rules: {
      "@pulumi/no-output-in-template-literal": "error",
      "@pulumi/no-output-instance-in-template-literal": "error",
      // Unused arguments named _x are deliberate (mock callbacks); tsc's noUnused* does the rest.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["tests/**/*.ts", "planner/**/*.ts"],
    rules: {
      // The planner talks to Pulumi's untyped gRPC objects; its fakes read untyped provider inputs.
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: {
      globals: {
        module: "writable",
        require: "readonly",
        __dirname: "readonly",
        process: "readonly",
        Buffer: "readonly",
        URL: "readonly",
        setTimeout: "readonly",
      },
    },
    // CommonJS scripts the stack runs with plain `node` (infra/talos/scripts).
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
