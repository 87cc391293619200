; SPDX-License-Identifier: MIT
; Cairn's tags for Python: @definition.<kind> on the defining node with its @name; @reference.<kind>
; on the referring name. Methods are functions inside a class. For tree-sitter-python 0.23.

(function_definition name: (identifier) @name) @definition.function
(class_definition name: (identifier) @name) @definition.class

; Module-level constants by convention: UPPER_CASE names.
(module
  (expression_statement
    (assignment left: (identifier) @name)) @definition.constant
  (#match? @name "^[A-Z_][A-Z0-9_]*$"))

(call function: (identifier) @reference.call)
(call function: (attribute attribute: (identifier) @reference.call))
(class_definition superclasses: (argument_list (identifier) @reference.type))
(class_definition superclasses: (argument_list (attribute attribute: (identifier) @reference.type)))
(type (identifier) @reference.type)
(import_statement name: (dotted_name) @reference.import)
(import_statement name: (aliased_import name: (dotted_name) @reference.import))
(import_from_statement module_name: (_) @reference.import)
