; SPDX-License-Identifier: MIT
; Cairn's tags for JavaScript: @definition.<kind> on the defining node with its @name;
; @reference.<kind> on the referring name. For tree-sitter-javascript 0.23.

(function_declaration name: (identifier) @name) @definition.function
(generator_function_declaration name: (identifier) @name) @definition.function
(class_declaration name: (identifier) @name) @definition.class
(method_definition name: [(property_identifier) (private_property_identifier)] @name) @definition.method
(lexical_declaration
  (variable_declarator
    name: (identifier) @name
    value: [(arrow_function) (function_expression) (generator_function)])) @definition.function
(variable_declaration
  (variable_declarator
    name: (identifier) @name
    value: [(arrow_function) (function_expression) (generator_function)])) @definition.function
(lexical_declaration
  (variable_declarator
    name: (identifier) @name
    value: [(string) (number) (template_string) (object) (array) (true) (false) (binary_expression)])
  (#match? @name "^[A-Z_][A-Z0-9_]*$")) @definition.constant

(call_expression function: (identifier) @reference.call)
(call_expression function: (member_expression property: (property_identifier) @reference.call))
(new_expression constructor: (identifier) @reference.type)
(class_heritage (identifier) @reference.type)
(import_statement source: (string (string_fragment) @reference.import))
(call_expression
  function: (identifier) @_require
  arguments: (arguments . (string (string_fragment) @reference.import))
  (#eq? @_require "require"))
