# Fails when a lower layer includes a higher one. The layers, lowest first (docs/architecture.md):
#   0 engine/core       the vocabulary under everything: money, errors, random streams
#   1 models            pure behaviour and economics
#   2 engine/scenario   the YAML loader, the only code that knows YAML
#   2 engine/data       the operator's CSV files: a streaming reader, encodings, customer extracts
#   3 engine/sim        the compiled plan, the monthly step, replications, results
#   3 engine/calibration  fitting models to the operator's data (offersim calibrate)
#   4 reports, scenarios  writers of every output; the JSON Schema
#   5 engine/cli        the offersim program, the top
# A file may include its own layer and the layers below it.
# Usage: cmake -DSOURCE_DIR=<project root> -P check_layers.cmake
set(layers "engine/core=0" "models=1" "engine/scenario=2" "engine/data=2" "engine/sim=3" "engine/calibration=3" "reports=4" "scenarios=4" "engine/cli=5")

function(layer_of path out)
  set(rank "")
  foreach(entry IN LISTS layers)
    string(REPLACE "=" ";" pair "${entry}")
    list(GET pair 0 prefix)
    list(GET pair 1 value)
    if(path MATCHES "^${prefix}/")
      set(rank ${value})
    endif()
  endforeach()
  set(${out} "${rank}" PARENT_SCOPE)
endfunction()

set(violations 0)
set(checked 0)
foreach(dir engine models reports scenarios)
  file(GLOB_RECURSE sources RELATIVE ${SOURCE_DIR} ${SOURCE_DIR}/${dir}/*.cpp ${SOURCE_DIR}/${dir}/*.hpp)
  foreach(source IN LISTS sources)
    layer_of(${source} own)
    if(own STREQUAL "")
      continue()
    endif()
    math(EXPR checked "${checked} + 1")
    file(STRINGS ${SOURCE_DIR}/${source} includes REGEX "^[ \t]*#[ \t]*include[ \t]+\"[^\"]+\"")
    foreach(line IN LISTS includes)
      string(REGEX REPLACE "^[^\"]*\"([^\"]+)\".*$" "\\1" header "${line}")
      layer_of(${header} theirs)
      if(NOT theirs STREQUAL "" AND theirs GREATER own)
        message(SEND_ERROR "${source} (layer ${own}) includes ${header} (layer ${theirs}), a higher layer")
        math(EXPR violations "${violations} + 1")
      endif()
    endforeach()
  endforeach()
endforeach()
if(checked EQUAL 0)
  message(FATAL_ERROR "no sources found under ${SOURCE_DIR}")
endif()
if(violations GREATER 0)
  message(FATAL_ERROR "${violations} include(s) against the layering")
endif()
message(STATUS "${checked} files keep to the layering")
