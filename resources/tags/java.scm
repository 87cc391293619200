; SPDX-License-Identifier: MIT
; Cairn's tags for Java: @definition.<kind> on the defining node with its @name; @reference.<kind> on
; the referring name. For tree-sitter-java 0.23.

(package_declaration [(scoped_identifier) (identifier)] @name) @definition.module
(class_declaration name: (identifier) @name) @definition.class
(record_declaration name: (identifier) @name) @definition.class
(interface_declaration name: (identifier) @name) @definition.interface
(annotation_type_declaration name: (identifier) @name) @definition.interface
(enum_declaration name: (identifier) @name) @definition.enum
(method_declaration name: (identifier) @name) @definition.method
(constructor_declaration name: (identifier) @name) @definition.method
(field_declaration
  (modifiers "static" "final")
  declarator: (variable_declarator name: (identifier) @name)) @definition.constant

(method_invocation name: (identifier) @reference.call)
(type_identifier) @reference.type
(import_declaration [(scoped_identifier) (identifier)] @reference.import)
