; SPDX-License-Identifier: MIT
; Cairn's tags for C++: @definition.<kind> on the defining node with its @name (and @parent for the
; class of an out-of-line member); @reference.<kind> on the referring name. For tree-sitter-cpp 0.23.

(function_definition
  declarator: (function_declarator
    declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name)) @definition.function
(function_definition
  declarator: (function_declarator
    declarator: (qualified_identifier
      scope: (_) @parent
      name: [(identifier) (destructor_name) (operator_name)] @name))) @definition.function
(function_definition
  declarator: [(pointer_declarator
                 declarator: (function_declarator
                   declarator: [(identifier) (field_identifier) (operator_name)] @name))
               (reference_declarator
                 (function_declarator
                   declarator: [(identifier) (field_identifier) (operator_name)] @name))]) @definition.function
(function_definition
  declarator: [(pointer_declarator
                 declarator: (function_declarator
                   declarator: (qualified_identifier scope: (_) @parent name: (identifier) @name)))
               (reference_declarator
                 (function_declarator
                   declarator: (qualified_identifier scope: (_) @parent name: (identifier) @name)))]) @definition.function

; Member and free-function declarations (class bodies, headers).
(field_declaration
  declarator: (function_declarator
    declarator: [(field_identifier) (operator_name)] @name)) @definition.function
(declaration
  declarator: (function_declarator
    declarator: [(identifier) (destructor_name)] @name)) @definition.function

(class_specifier name: (type_identifier) @name body: (field_declaration_list)) @definition.class
(struct_specifier name: (type_identifier) @name body: (field_declaration_list)) @definition.struct
(union_specifier name: (type_identifier) @name body: (field_declaration_list)) @definition.struct
(enum_specifier name: (type_identifier) @name body: (enumerator_list)) @definition.enum
(namespace_definition
  name: [(namespace_identifier) (nested_namespace_specifier)] @name) @definition.module
(alias_declaration name: (type_identifier) @name) @definition.type
(type_definition declarator: (type_identifier) @name) @definition.type
(preproc_def name: (identifier) @name) @definition.constant
(preproc_function_def name: (identifier) @name) @definition.macro

(call_expression function: (identifier) @reference.call)
(call_expression function: (field_expression field: (field_identifier) @reference.call))
(call_expression function: (qualified_identifier name: (identifier) @reference.call))
(call_expression function: (template_function name: (identifier) @reference.call))
(call_expression
  function: (qualified_identifier name: (template_function name: (identifier) @reference.call)))
(type_identifier) @reference.type
(preproc_include path: (_) @reference.import)
