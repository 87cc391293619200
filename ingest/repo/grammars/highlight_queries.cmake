# SPDX-License-Identifier: MIT
# Compiles each grammar's syntax-highlighting query into cairn_ingest as ":/highlights/<id>.scm".
# A grammar's tree-sitter.json lists its highlight files in order (C++ builds on C's, TypeScript and
# TSX on JavaScript's); they are concatenated in that order, so later patterns refine earlier ones.

# language id|npm package|grammar name in the package's tree-sitter.json
set(CAIRN_HIGHLIGHT_GRAMMARS
    "c|tree-sitter-c|c"
    "cpp|tree-sitter-cpp|cpp"
    "go|tree-sitter-go|go"
    "java|tree-sitter-java|java"
    "javascript|tree-sitter-javascript|javascript"
    "python|tree-sitter-python|python"
    "rust|tree-sitter-rust|rust"
    "typescript|tree-sitter-typescript|typescript"
    "tsx|tree-sitter-typescript|tsx")

set(highlight_dir ${CMAKE_CURRENT_BINARY_DIR}/highlights)
set(highlight_files "")
foreach(row IN LISTS CAIRN_HIGHLIGHT_GRAMMARS)
  string(REPLACE "|" ";" entry "${row}")
  list(GET entry 0 lang)
  list(GET entry 1 package)
  list(GET entry 2 grammar_name)
  set(pkg_dir ${CAIRN_GRAMMAR_DIR}/${package})
  file(READ ${pkg_dir}/tree-sitter.json ts_json)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${pkg_dir}/tree-sitter.json)

  string(JSON grammar_count LENGTH "${ts_json}" grammars)
  math(EXPR last "${grammar_count} - 1")
  set(queries "")
  foreach(i RANGE ${last})
    string(JSON name GET "${ts_json}" grammars ${i} name)
    if(name STREQUAL grammar_name)
      string(JSON kind ERROR_VARIABLE missing TYPE "${ts_json}" grammars ${i} highlights)
      if(kind STREQUAL "STRING")
        string(JSON queries GET "${ts_json}" grammars ${i} highlights)
      elseif(kind STREQUAL "ARRAY")
        string(JSON count LENGTH "${ts_json}" grammars ${i} highlights)
        math(EXPR last_query "${count} - 1")
        foreach(q RANGE ${last_query})
          string(JSON query GET "${ts_json}" grammars ${i} highlights ${q})
          list(APPEND queries ${query})
        endforeach()
      endif()
    endif()
  endforeach()
  if(queries STREQUAL "")
    message(FATAL_ERROR "${package}/tree-sitter.json names no highlight queries for ${grammar_name}.")
  endif()

  set(text "")
  foreach(query IN LISTS queries)
    # "node_modules/<package>/..." points at a sibling package in our flat node_modules folder.
    if(query MATCHES "^node_modules/(.*)$")
      set(query_path ${CAIRN_GRAMMAR_DIR}/${CMAKE_MATCH_1})
    else()
      set(query_path ${pkg_dir}/${query})
    endif()
    if(NOT EXISTS ${query_path})
      message(FATAL_ERROR "Highlight query ${query_path} (listed by ${package}/tree-sitter.json) is missing.")
    endif()
    file(READ ${query_path} part)
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${query_path})
    string(APPEND text "; ---- ${query_path}\n${part}\n")
  endforeach()
  # Written through a scratch file so an unchanged query keeps its time stamp (no needless rebuild).
  file(WRITE ${highlight_dir}/${lang}.scm.new "${text}")
  file(COPY_FILE ${highlight_dir}/${lang}.scm.new ${highlight_dir}/${lang}.scm ONLY_IF_DIFFERENT)
  file(REMOVE ${highlight_dir}/${lang}.scm.new)
  list(APPEND highlight_files ${highlight_dir}/${lang}.scm)
endforeach()

qt_add_resources(cairn_ingest "cairn_highlights" PREFIX "/highlights" BASE ${highlight_dir} FILES ${highlight_files})
