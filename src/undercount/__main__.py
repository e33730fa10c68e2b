from undercount.cli import main

main()
