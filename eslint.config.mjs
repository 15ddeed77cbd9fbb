// ESLint: typescript-eslint's recommended rules, and the architecture of ../shared/STYLE.md held
// by a rule that resolves every relative import and refuses one that points outward.
import { dirname, relative, resolve, sep } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** What each layer of src/ may import (besides itself). Dependencies point inward. */
const LAYERS = {
  core: [],
  data: ['core'],
  protocol: [],
  analysis: ['core', 'data', 'protocol'],
  worker: ['analysis', 'core', 'data', 'protocol'],
  cli: ['analysis', 'core', 'data', 'protocol'],
  host: ['core', 'protocol'],
  webview: ['protocol'],
};
/** Layers that run without Node (core: anywhere; webview: in the browser). */
const NO_NODE = new Set(['core', 'webview']);

const SRC = resolve('src');
const layerOf = (file) => {
  const path = relative(SRC, file);
  return path.startsWith('..') ? undefined : path.split(sep)[0];
};

const layers = {
  rules: {
    imports: {
      meta: { type: 'problem', schema: [], messages: { outward: '{{from}}/ may not import {{to}}: {{why}}' } },
      create(context) {
        const from = layerOf(context.filename);
        if (from === undefined || !(from in LAYERS)) return {};
        const check = (node) => {
          const source = node.source?.value;
          if (typeof source !== 'string') return;
          let to;
          let why;
          if (source === 'vscode') [to, why] = ['vscode', 'only host/ imports vscode'];
          else if ((source.startsWith('node:') || /^(fs|path|os|worker_threads|child_process|buffer|url)$/.test(source)) && NO_NODE.has(from)) [to, why] = [source, `${from}/ runs without Node`];
          else if (source.startsWith('.')) {
            const target = layerOf(resolve(dirname(context.filename), source));
            if (target !== undefined && target !== from && !LAYERS[from].includes(target))
              [to, why] = [`${target}/`, LAYERS[from].length === 0 ? `${from}/ imports nothing outside itself` : `${from}/ depends on ${LAYERS[from].join(', ')} only`];
          }
          if (to !== undefined && !(to === 'vscode' && from === 'host')) context.report({ node: node.source, messageId: 'outward', data: { from, to, why } });
        };
        return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
      },
    },
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-results/**', '.vscode-test/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { layers },
    rules: {
      'layers/imports': 'error',
      // A leading underscore marks a value kept for its position (a destructured field dropped on
      // purpose, a callback's unused argument).
      // `let job; … () => job?.cancel() … job = start()`: a closure that reads it before it is set.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
);
