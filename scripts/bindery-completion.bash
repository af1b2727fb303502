# Bash completion for bindery(1); installed as share/bash-completion/completions/bindery.
# Written by hand (CLI11 cannot generate one); tests/e2e/test_install.cpp checks it offers every
# option `bindery COMMAND --help` prints.
_bindery() {
  local cur prev cmd i
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  cmd=
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      build|check|watch|new) cmd=${COMP_WORDS[i]}; break ;;
    esac
  done
  if [[ -z $cmd ]]; then
    COMPREPLY=($(compgen -W "build check watch new --help --version" -- "$cur"))
    return
  fi
  case $prev in
    --diagnostics-format) COMPREPLY=($(compgen -W "text github json" -- "$cur")); return ;;
    --dump) COMPREPLY=($(compgen -W "doc resolved pages structure" -- "$cur")); return ;;
    -j|--jobs) COMPREPLY=($(compgen -W "1 2" -- "$cur")); return ;;
    --format) COMPREPLY=($(compgen -W "epub pdf epub,pdf" -- "$cur")); return ;;
    --paper) COMPREPLY=($(compgen -W "a4 letter" -- "$cur")); return ;;
    -o|--output) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --title) return ;;
  esac
  local opts
  case $cmd in
    build|watch) opts="--help --werror --diagnostics-format --dump --quiet --verbose --output --format --paper --jobs" ;;
    check) opts="--help --werror --diagnostics-format --dump --quiet --verbose --jobs" ;;
    new) opts="--help --title --quiet" ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [[ $cmd == new ]]; then
    COMPREPLY=($(compgen -d -- "$cur"))
  else
    # A manuscript folder or a Markdown file.
    COMPREPLY=($(compgen -d -- "$cur") $(compgen -f -X '!*.md' -- "$cur"))
  fi
}
complete -o filenames -F _bindery bindery
