"""Planning from the centre's figures: which guides to make next, what to play when, whether guides helped."""
