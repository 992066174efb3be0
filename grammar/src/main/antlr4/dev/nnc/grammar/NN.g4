// The .nn language, v1: the executable form of shared/design/LANGUAGE.md.
// Newlines are plain whitespace: a statement ends where the next one can only begin
// (a keyword or `name =`), so chains may continue on following lines with `->`.
grammar NN;

file
    : declaration* EOF
    ;

declaration
    : fnDecl
    | modelDecl
    ;

// fn swish(x) = x * sigmoid(x)        fn leaky(x, alpha=0.1) = max(alpha * x, x)
fnDecl
    : FN name=ID '(' (fnParam (',' fnParam)*)? ')' '=' body=expr
    ;

fnParam
    : name=ID ('=' value=expr)?
    ;

modelDecl
    : MODEL name=ID '{' statement* '}'
    ;

statement
    : INPUT name=ID ':' shape                   # inputStatement
    | TARGET name=ID ':' targetType             # targetStatement
    | LOSS '=' expr                             # lossStatement
    | TRAIN '{' trainEntry* '}'                 # trainStatement
    | name=ID '=' expr                          # bindingStatement
    ;

shape
    : '[' NUMBER (',' NUMBER)* ']'
    ;

// [10] for real-valued targets, class(10) for integer labels
targetType
    : shape                                     # tensorTarget
    | kind=ID '(' count=NUMBER ')'              # classTarget
    ;

trainEntry
    : key=ID '=' value=expr
    ;

// A chain: an operand followed by layer steps, read left to right.
expr
    : operand ('->' step)*
    ;

// conv1: conv2d(32, kernel=5)    relu    leaky(alpha=0.2)
step
    : (label=ID ':')? op=ID arguments?
    ;

arguments
    : '(' (argument (',' argument)*)? ')'
    ;

argument
    : (name=ID '=')? expr
    ;

operand
    : op=('-' | '+') operand                    # unaryOperand
    | operand op=('*' | '/') operand            # binaryOperand
    | operand op=('+' | '-') operand            # binaryOperand
    | NUMBER                                    # numberOperand
    | STRING                                    # stringOperand
    | ID arguments?                             # nameOperand
    | '[' expr (',' expr)* ']'                  # listOperand
    | '(' expr ')'                              # parenOperand
    ;

FN     : 'fn' ;
MODEL  : 'model' ;
INPUT  : 'input' ;
TARGET : 'target' ;
LOSS   : 'loss' ;
TRAIN  : 'train' ;

ARROW  : '->' ;
LPAREN : '(' ;
RPAREN : ')' ;
LBRACK : '[' ;
RBRACK : ']' ;
LBRACE : '{' ;
RBRACE : '}' ;
COMMA  : ',' ;
COLON  : ':' ;
ASSIGN : '=' ;
PLUS   : '+' ;
MINUS  : '-' ;
STAR   : '*' ;
SLASH  : '/' ;

// 5, 0.5, .5, 5., 5e-4, 1.5E+3
NUMBER
    : DIGITS ('.' DIGITS?)? EXPONENT?
    | '.' DIGITS EXPONENT?
    ;

STRING
    : '"' (~["\\\r\n] | '\\' .)* '"'
    ;

// A string that reaches the end of its line; reported as its own error, not as a cascade.
UNTERMINATED_STRING
    : '"' (~["\\\r\n] | '\\' .)*
    ;

ID
    : [a-zA-Z_] [a-zA-Z_0-9]*
    ;

LINE_COMMENT
    : '//' ~[\r\n]* -> channel(HIDDEN)
    ;

// Also matches a comment left open at the end of the file, which the compiler reports.
BLOCK_COMMENT
    : '/*' .*? ('*/' | EOF) -> channel(HIDDEN)
    ;

WS
    : [ \t\r\n\f]+ -> channel(HIDDEN)
    ;

// Any other character becomes a token the parser rejects with a position, so the lexer never fails.
UNEXPECTED_CHAR
    : .
    ;

fragment DIGITS
    : [0-9]+
    ;

fragment EXPONENT
    : [eE] [+-]? DIGITS
    ;
