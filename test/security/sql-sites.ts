import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Words that make a string SQL (upper case, as every query in src/ is written). */
const SQL =
  /\b(SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|ALTER|DROP|TRUNCATE|WHERE|VALUES|JOIN|ORDER BY|GROUP BY|PARTITION)\b/;

/** One value spliced into SQL text: a `${…}` in a SQL template, or an operand of `+` beside SQL. */
export interface SqlSite {
  readonly file: string;
  readonly line: number;
  readonly expression: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return walk(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

function templateText(node: ts.TemplateExpression): string {
  return node.head.text + node.templateSpans.map((s) => s.literal.text).join('');
}

function isSqlString(node: ts.Node): boolean {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return SQL.test(node.text);
  return ts.isTemplateExpression(node) && SQL.test(templateText(node));
}

/** Every splice of a non-literal into SQL text under `root` (file paths relative to `cwd`). */
export function findSqlSites(root: string, cwd = process.cwd()): SqlSite[] {
  const sites: SqlSite[] = [];
  for (const file of walk(root)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const add = (expr: ts.Expression) =>
      sites.push({
        file: path.relative(cwd, file),
        line: source.getLineAndCharacterOfPosition(expr.getStart(source)).line + 1,
        expression: expr.getText(source),
      });
    const visit = (node: ts.Node): void => {
      if (ts.isTemplateExpression(node) && SQL.test(templateText(node)))
        for (const span of node.templateSpans) add(span.expression);
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
        const { left, right } = node;
        if (isSqlString(left) && !ts.isStringLiteral(right)) add(right);
        if (isSqlString(right) && !ts.isStringLiteral(left)) add(left);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return sites;
}
