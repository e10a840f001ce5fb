import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fr } from './fr';
import { en } from './en';

function keysOf(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value as object, `${prefix}${key}.`)));
}

/** A translation tree: nested objects whose leaves are strings. */
type TranslationTree = { readonly [key: string]: string | TranslationTree };

/** The value at a dotted key (`app.name`), or undefined when a part is missing. */
function valueAt(tree: TranslationTree, key: string): string | TranslationTree | undefined {
  return key.split('.').reduce<string | TranslationTree | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), tree);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const frKeys = new Set(keysOf(fr));
/** a key used with count resolves to key_one / key_other */
const exists = (key: string) => frKeys.has(key) || frKeys.has(`${key}_one`);

describe('translations', () => {
  it('has the same keys in French and English', () => {
    expect(keysOf(en).sort()).toEqual([...frKeys].sort());
  });

  it('has no empty string', () => {
    for (const [language, tree] of Object.entries({ fr, en })) {
      for (const key of keysOf(tree)) {
        const value = valueAt(tree, key);
        expect(typeof value, `${language}:${key}`).toBe('string');
        expect(String(value).trim(), `${language}:${key}`).not.toBe('');
      }
    }
  });

  it('defines every key the code uses', () => {
    const root = join(__dirname, '..');
    const missing: string[] = [];
    for (const file of sourceFiles(root)) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/\bt\(\s*['`]([\w.]+)(\$\{)?/g)) {
        const [, key, templated] = match;
        if (templated) {
          // t(`taskStatus.${status}`): the prefix must be a group
          if (![...frKeys].some((known) => known.startsWith(key))) missing.push(`${file}: ${key}*`);
        } else if (!exists(key)) {
          missing.push(`${file}: ${key}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('keeps interpolation variables identical across languages', () => {
    const variables = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();
    for (const key of keysOf(fr)) {
      const read = (tree: TranslationTree) => String(valueAt(tree, key));
      expect(variables(read(en)), key).toEqual(variables(read(fr)));
    }
  });
});
