# vb_add_plugin(<target> SOURCES ...): a plugin shared library in build/plugins
# with hidden visibility, so only the entry symbol is exported and the library
# stays unloadable (no STB_GNU_UNIQUE symbols).
function(vb_add_plugin target)
  cmake_parse_arguments(ARG "" "OUTPUT_NAME" "SOURCES;LIBS" ${ARGN})
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE vb::plugin_sdk vb_warnings ${ARG_LIBS})
  set_target_properties(${target} PROPERTIES
    PREFIX "lib"
    CXX_VISIBILITY_PRESET hidden
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY ${VB_PLUGIN_OUTPUT_DIR})
  if(ARG_OUTPUT_NAME)
    set_target_properties(${target} PROPERTIES OUTPUT_NAME ${ARG_OUTPUT_NAME})
  endif()
  target_compile_options(${target} PRIVATE -fno-gnu-unique)
  target_link_options(${target} PRIVATE -Wl,--no-undefined)
  if(TARGET vb_all_plugins)
    add_dependencies(vb_all_plugins ${target})
  endif()
endfunction()
