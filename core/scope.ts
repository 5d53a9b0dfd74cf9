/**
 * Scope look-ups and "which function does this name stand for" resolution, shared by handler detection,
 * listener detection and resource tracking.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isFunction, memberPath, propertyName, unwrapExpression } from './ast.js';
import type { FunctionNode, Node } from './ast.js';

export type Scope = TSESLint.Scope.Scope;
export type Variable = TSESLint.Scope.Variable;

/** What the analysis needs of a parsed file: ESLint's SourceCode has all of it. */
export interface ParsedFile {
  readonly text: string;
  readonly ast: TSESTree.Program;
  readonly scopeManager: TSESLint.Scope.ScopeManager | null;
  readonly visitorKeys: Readonly<Record<string, readonly string[] | undefined>>;
}

export class Scopes {
  readonly globalScope: Scope;
  private readonly scopeManager: TSESLint.Scope.ScopeManager;

  constructor(file: ParsedFile) {
    if (!file.scopeManager?.globalScope) throw new Error('lambda-shutdown: the parser produced no scope manager.');
    this.scopeManager = file.scopeManager;
    this.globalScope = file.scopeManager.globalScope;
  }

  /** The innermost scope that contains `node`. */
  scopeOf(node: Node): Scope {
    for (let n: Node | undefined = node; n; n = n.parent) {
      const scope = this.scopeManager.acquire(n, true);
      if (scope) {
        // The scope of a function's own name/params is the function scope; for other nodes keep climbing.
        if (scope.type === 'function-expression-name') return scope.childScopes[0] ?? scope;
        return scope;
      }
    }
    return this.globalScope;
  }

  /**
   * The variable an identifier refers to (or declares): what ASTUtils.findVariable(this.scopeOf(id), id) answers,
   * the nearest scope, from the innermost one at the name, that declares the name. findVariable first descends from
   * the scope it is given to the innermost scope whose block holds the name; from the scope found by climbing the
   * name's ancestors (scopeOf) there is nothing to descend to, since a scope's block that holds the name is one of
   * its ancestors. Skipping the descent matters at module level, where it would look among every top-level
   * function's scope (test/core/scope.test.ts compares the two on every identifier of the fixtures).
   */
  variableOf(id: TSESTree.Identifier): Variable | null {
    for (let scope: Scope | null = this.scopeOf(id); scope; scope = scope.upper) {
      const variable = scope.set.get(id.name);
      if (variable) return variable;
    }
    return null;
  }

  /** The scope of a function's body and parameters. */
  functionScope(fn: FunctionNode): Scope | null {
    return this.scopeManager.acquire(fn, true);
  }

  /** The functions a variable is bound to: a function declaration, or a `const`/`let` initialised with one. */
  functionsOfVariable(variable: Variable | null, depth = 0, seen = new Set<Node>()): FunctionNode[] {
    const def = variable?.defs[0];
    if (!def) return [];
    // a parameter's def node is its function: only the function's own name resolves to it
    if (def.type === 'FunctionName' && def.node.type === 'FunctionDeclaration') return [def.node];
    if (def.type === 'Variable' && def.node.type === 'VariableDeclarator' && def.node.id.type === 'Identifier') {
      return this.resolveFunctions(def.node.init, depth + 1, seen);
    }
    return [];
  }

  /** Does this variable live at module level (ES module scope, CommonJS wrapper, script global)? */
  isModuleLevel(variable: Variable): boolean {
    return variable.scope.block.type === 'Program';
  }

  /**
   * The functions an expression stands for: a function literal, a name bound to one, a wrapper call around one
   * (`middy(fn).use(...)`, `withSentry(fn)`), or a bound class method (`instance.handler.bind(instance)`).
   */
  resolveFunctions(expr: Node | null | undefined, depth = 0, seen = new Set<Node>()): FunctionNode[] {
    if (!expr || depth > 8 || seen.has(expr)) return [];
    seen.add(expr);
    const node = unwrapExpression(expr);
    if (isFunction(node)) return [node];
    switch (node.type) {
      case 'Identifier':
        return this.functionsOfVariable(this.variableOf(node), depth, seen);
      case 'CallExpression': {
        const out: FunctionNode[] = [];
        const callee = unwrapExpression(node.callee);
        // instance.handler.bind(instance)
        if (callee.type === 'MemberExpression' && propertyName(callee) === 'bind') {
          return this.resolveFunctions(callee.object, depth + 1, seen);
        }
        for (const arg of node.arguments) {
          const a = unwrapExpression(arg);
          if (isFunction(a) || a.type === 'Identifier' || a.type === 'CallExpression' || a.type === 'MemberExpression') {
            out.push(...this.resolveFunctions(a, depth + 1, seen));
          }
        }
        // middy(fn).use(...).use(...)
        if (callee.type === 'MemberExpression') out.push(...this.resolveFunctions(callee.object, depth + 1, seen));
        // an immediately invoked function that returns one: `(() => { let browser; return async () => … })()`
        if (isFunction(callee)) out.push(...returnedFunctions(callee));
        // a same-file factory of functions: onSignal('SIGTERM') returns the listener
        if (callee.type === 'Identifier') {
          for (const factory of this.resolveFunctions(callee, depth + 1, seen)) out.push(...returnedFunctions(factory));
        }
        return out;
      }
      case 'MemberExpression': {
        const name = propertyName(node);
        if (name === null) return [];
        return this.memberFunctions(node.object, name, depth, seen);
      }
      default:
        return [];
    }
  }

  /**
   * `obj.name` where obj is `this` in a class, an instance or the class itself (`new C()`, `C`), or an object
   * literal bound to a name: the function it stands for.
   */
  memberFunctions(objectExpr: Node, name: string, depth = 0, seen = new Set<Node>()): FunctionNode[] {
    const object = unwrapExpression(objectExpr);
    if (object.type === 'ThisExpression') {
      for (let n: Node | undefined = object.parent; n; n = n.parent) {
        if (n.type === 'ClassBody') {
          const method = this.classMethod(n.parent, name);
          return method ? [method] : [];
        }
        if (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression') {
          if (n.parent?.type !== 'MethodDefinition' && n.parent?.type !== 'PropertyDefinition') return [];
        }
      }
      return [];
    }
    const method = this.classMethod(object, name);
    if (method) return [method];
    // `exports.run(browser)` / `module.exports.run(…)`: the function this CommonJS module exports under that name
    const path = memberPath(object);
    if (path && ((path.length === 1 && path[0] === 'exports') || (path.length === 2 && path[0] === 'module' && path[1] === 'exports'))) {
      const program = this.globalScope.block as TSESTree.Program;
      for (const stmt of program.body) {
        if (stmt.type !== 'ExpressionStatement' || stmt.expression.type !== 'AssignmentExpression') continue;
        const left = memberPath(stmt.expression.left);
        if (left && left.at(-1) === name && left.length === path.length + 1 && left.slice(0, -1).join('.') === path.join('.')) {
          return this.resolveFunctions(stmt.expression.right, depth + 1, seen);
        }
      }
    }
    if (object.type === 'Identifier') {
      const def = this.variableOf(object)?.defs[0];
      const init = def?.type === 'Variable' && def.node.type === 'VariableDeclarator' ? def.node.init && unwrapExpression(def.node.init) : null;
      if (init?.type === 'ObjectExpression') {
        for (const prop of init.properties) {
          if (prop.type === 'Property' && propertyName(prop) === name) return this.resolveFunctions(prop.value, depth + 1, seen);
        }
      }
    }
    return [];
  }

  /** `new C()` bound to a name, or `C` itself: the method `name` of class C. */
  classMethod(objectExpr: Node, name: string): FunctionNode | null {
    const cls = this.resolveClass(objectExpr);
    if (!cls) return null;
    for (const member of cls.body.body) {
      if ((member.type === 'MethodDefinition' || member.type === 'PropertyDefinition') && propertyName(member) === name) {
        const value = member.value;
        if (isFunction(value)) return value;
      }
    }
    return null;
  }

  resolveClass(expr: Node, depth = 0): TSESTree.ClassDeclaration | TSESTree.ClassExpression | null {
    if (depth > 4) return null;
    const node = unwrapExpression(expr);
    if (node.type === 'ClassExpression' || node.type === 'ClassDeclaration') return node;
    if (node.type === 'ThisExpression') {
      for (let n: Node | undefined = node.parent; n; n = n.parent) if (n.type === 'ClassBody') return n.parent;
      return null;
    }
    if (node.type === 'NewExpression') return this.resolveClass(node.callee, depth + 1);
    if (node.type === 'Identifier') {
      const def = this.variableOf(node)?.defs[0];
      if (!def) return null;
      if (def.node.type === 'ClassDeclaration') return def.node;
      if (def.node.type === 'VariableDeclarator' && def.node.init) return this.resolveClass(def.node.init, depth + 1);
    }
    return null;
  }

  /** The variable a function is bound to (`function f(){}`, `const f = () => {}`), if any. */
  functionVariable(fn: FunctionNode): Variable | null {
    if (fn.type === 'FunctionDeclaration' && fn.id) return this.variableOf(fn.id);
    const p = fn.parent;
    if (p?.type === 'VariableDeclarator' && p.init === fn && p.id.type === 'Identifier') return this.variableOf(p.id);
    return null;
  }
}

/** The functions a function returns directly (`return () => …`, `() => () => …`). */
function returnedFunctions(fn: FunctionNode): FunctionNode[] {
  if (fn.body.type !== 'BlockStatement') {
    const body = unwrapExpression(fn.body);
    return isFunction(body) ? [body] : [];
  }
  const out: FunctionNode[] = [];
  for (const stmt of fn.body.body) {
    if (stmt.type === 'ReturnStatement' && stmt.argument) {
      const arg = unwrapExpression(stmt.argument);
      if (isFunction(arg)) out.push(arg);
    }
  }
  return out;
}
