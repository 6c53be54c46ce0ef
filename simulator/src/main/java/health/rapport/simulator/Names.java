package health.rapport.simulator;

import java.util.List;

/**
 * Synthetic names: a given name and a surname built from two syllables, so no generated person is a real one.
 * Names appear only in FHIR {@code display} elements and in message text.
 */
final class Names {

    static final List<String> GIVEN = List.of(
            "Avery", "Jordan", "Riley", "Quinn", "Rowan", "Sage", "Emerson", "Harper", "Reese", "Skyler",
            "Morgan", "Casey", "Dakota", "Finley", "Hayden", "Jamie", "Kendall", "Logan", "Micah", "Noel",
            "Oakley", "Parker", "Remy", "Sawyer", "Tatum", "Blair", "Cameron", "Drew", "Elliot", "Frankie",
            "Gray", "Hollis", "Indigo", "Jessie", "Kai", "Lane", "Marlow", "Nico", "Ollie", "Peyton",
            "Robin", "Shiloh", "Teagan", "Uli", "Vesper", "Wren", "Arden", "Bellamy", "Carson", "Devon",
            "Ellis", "Fallon", "Greer", "Harlow", "Jules", "Kit", "Lennox", "Marley", "Nova", "Phoenix");

    static final List<String> SURNAME_HEAD = List.of(
            "Ash", "Birch", "Brook", "Cald", "Dun", "Elm", "Fair", "Glen", "Hart", "Holl", "Ivy", "Kell",
            "Lind", "Mar", "North", "Oak", "Pem", "Quill", "Ridge", "Stan", "Thorn", "Vale", "West", "Wyn",
            "Alder", "Bram", "Crest", "Fen", "Hazel", "Moor");

    static final List<String> SURNAME_TAIL = List.of(
            "ford", "well", "by", "ton", "wick", "more", "dale", "field", "worth", "stead", "hurst", "ley",
            "croft", "mere", "shaw", "brook", "gate", "wood", "holm", "lock");

    private Names() {
    }

    static String given(Rng rng) {
        return GIVEN.get(rng.nextInt(GIVEN.size()));
    }

    static String surname(Rng rng) {
        return SURNAME_HEAD.get(rng.nextInt(SURNAME_HEAD.size())) + SURNAME_TAIL.get(rng.nextInt(SURNAME_TAIL.size()));
    }
}
