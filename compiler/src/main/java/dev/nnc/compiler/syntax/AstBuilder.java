package dev.nnc.compiler.syntax;

import dev.nnc.compiler.ast.Expr;
import dev.nnc.compiler.ast.FnDecl;
import dev.nnc.compiler.ast.Identifier;
import dev.nnc.compiler.ast.ModelDecl;
import dev.nnc.compiler.ast.Statement;
import dev.nnc.compiler.diagnostics.Reporter;
import dev.nnc.grammar.NNParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.Token;

/** Turns an error-free parse tree of one declaration into AST records. */
final class AstBuilder {
    private final Reporter reporter;

    AstBuilder(Reporter reporter) {
        this.reporter = reporter;
    }

    FnDecl function(NNParser.FnDeclContext ctx) {
        List<FnDecl.Param> params = new ArrayList<>();
        for (NNParser.FnParamContext p : ctx.fnParam()) {
            params.add(new FnDecl.Param(identifier(p.name), Optional.ofNullable(p.value).map(this::expr)));
        }
        return new FnDecl(identifier(ctx.name), params, expr(ctx.body));
    }

    ModelDecl model(NNParser.ModelDeclContext ctx) {
        List<Statement> statements = new ArrayList<>();
        for (NNParser.StatementContext s : ctx.statement()) {
            statements.add(statement(s));
        }
        return new ModelDecl(identifier(ctx.name), statements);
    }

    private Statement statement(NNParser.StatementContext ctx) {
        if (ctx instanceof NNParser.InputStatementContext s) {
            return new Statement.Input(identifier(s.name), shape(s.shape()), Spans.of(s.getStart()));
        }
        if (ctx instanceof NNParser.TargetStatementContext s) {
            return new Statement.Target(identifier(s.name), targetType(s.targetType()), Spans.of(s.getStart()));
        }
        if (ctx instanceof NNParser.LossStatementContext s) {
            return new Statement.Loss(expr(s.expr()), Spans.of(s.getStart()));
        }
        if (ctx instanceof NNParser.TrainStatementContext s) {
            List<Statement.Train.Entry> entries = new ArrayList<>();
            for (NNParser.TrainEntryContext e : s.trainEntry()) {
                entries.add(new Statement.Train.Entry(identifier(e.key), expr(e.value)));
            }
            return new Statement.Train(entries, Spans.of(s.getStart()));
        }
        NNParser.BindingStatementContext s = (NNParser.BindingStatementContext) ctx;
        return new Statement.Binding(identifier(s.name), expr(s.expr()));
    }

    private Statement.ShapeLiteral shape(NNParser.ShapeContext ctx) {
        List<Expr.Number> dims = new ArrayList<>();
        for (var n : ctx.NUMBER()) {
            dims.add(number(n.getSymbol()));
        }
        return new Statement.ShapeLiteral(dims, Spans.of(ctx.getStart()));
    }

    private Statement.TargetType targetType(NNParser.TargetTypeContext ctx) {
        if (ctx instanceof NNParser.ClassTargetContext c) {
            return new Statement.TargetType.ClassCount(identifier(c.kind), number(c.count));
        }
        return new Statement.TargetType.Tensor(shape(((NNParser.TensorTargetContext) ctx).shape()));
    }

    private Expr expr(NNParser.ExprContext ctx) {
        Expr head = operand(ctx.operand());
        if (ctx.step().isEmpty()) {
            return head;
        }
        List<Expr.Step> steps = new ArrayList<>();
        for (NNParser.StepContext s : ctx.step()) {
            steps.add(new Expr.Step(
                    Optional.ofNullable(s.label).map(this::identifier),
                    identifier(s.op),
                    arguments(s.arguments()),
                    Spans.of(s.getStart())));
        }
        return new Expr.Chain(head, steps);
    }

    private Expr operand(NNParser.OperandContext ctx) {
        if (ctx instanceof NNParser.NumberOperandContext n) {
            return number(n.NUMBER().getSymbol());
        }
        if (ctx instanceof NNParser.StringOperandContext s) {
            return new Expr.Text(unquote(s.STRING().getText()), Spans.of(s.getStart()));
        }
        if (ctx instanceof NNParser.NameOperandContext n) {
            Identifier name = identifier(n.ID().getSymbol());
            return n.arguments() == null ? new Expr.Name(name) : new Expr.Call(name, arguments(n.arguments()));
        }
        if (ctx instanceof NNParser.ListOperandContext l) {
            return new Expr.ListOf(l.expr().stream().map(this::expr).toList(), Spans.of(l.getStart()));
        }
        if (ctx instanceof NNParser.ParenOperandContext p) {
            return expr(p.expr());
        }
        if (ctx instanceof NNParser.UnaryOperandContext u) {
            return new Expr.Unary(u.op.getText().charAt(0), operand(u.operand()), Spans.of(u.op));
        }
        NNParser.BinaryOperandContext b = (NNParser.BinaryOperandContext) ctx;
        return new Expr.Binary(b.op.getText().charAt(0), operand(b.operand(0)), operand(b.operand(1)), Spans.of(b.op));
    }

    private List<Expr.Argument> arguments(NNParser.ArgumentsContext ctx) {
        if (ctx == null) {
            return List.of();
        }
        List<Expr.Argument> arguments = new ArrayList<>();
        for (NNParser.ArgumentContext a : ctx.argument()) {
            arguments.add(new Expr.Argument(Optional.ofNullable(a.name).map(this::identifier), expr(a.expr())));
        }
        return arguments;
    }

    private Expr.Number number(Token token) {
        double value = Double.parseDouble(token.getText());
        if (Double.isInfinite(value)) {
            reporter.error(Spans.of(token), "number `%s` is too large".formatted(token.getText()));
        }
        return new Expr.Number(value, token.getText(), Spans.of(token));
    }

    private Identifier identifier(Token token) {
        return new Identifier(token.getText(), Spans.of(token));
    }

    private static String unquote(String quoted) {
        StringBuilder s = new StringBuilder();
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length() - 1) {
                char next = quoted.charAt(++i);
                s.append(switch (next) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> next;
                });
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }
}
