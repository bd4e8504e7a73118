# cmake -P script for the SDK install test (see CMakeLists.txt). Fails with a
# message naming the step that broke.
foreach(var HOST_BUILD_DIR EXAMPLE_DIR WORK_DIR CHECKER GENERATOR CXX_COMPILER)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "${var} is not set")
  endif()
endforeach()

function(run step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${step} failed (${rc}):\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)

# Only the SDK component: the host's own targets need not be installed.
run("installing the SDK" ${CMAKE_COMMAND} --install ${HOST_BUILD_DIR} --component sdk --prefix ${prefix})
if(NOT EXISTS ${prefix}/include/vocalbridge/vb_plugin.h)
  message(FATAL_ERROR "the SDK install did not put vb_plugin.h under ${prefix}/include")
endif()

run("configuring the example" ${CMAKE_COMMAND} -S ${EXAMPLE_DIR} -B ${WORK_DIR}/build -G ${GENERATOR}
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DCMAKE_PREFIX_PATH=${prefix}
    -DCMAKE_CXX_COMPILER_LAUNCHER=)
run("building the example" ${CMAKE_COMMAND} --build ${WORK_DIR}/build)

set(plugin ${WORK_DIR}/build/libvb_echo_vendor.so)
run("checking the plugin" ${CHECKER} --settings "{\"prefix\":\"echo: \"}" ${plugin})
message(STATUS "${last_output}")
if(NOT last_output MATCHES "name +echo-vendor" OR NOT last_output MATCHES "kind +vendor")
  message(FATAL_ERROR "vb-plugin-check output lacks the example's name/kind:\n${last_output}")
endif()
