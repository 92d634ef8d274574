"""Fixtures for tests that need the demo company's filled invoicing book (clients, articles, creditors, settings):
import them into a test module (`from tests.company import blank, book`)."""
from __future__ import annotations

import shutil

import pytest

from engine.demo import setup
from engine.store.book import Book


@pytest.fixture(scope="module")
def blank(tmp_path_factory):
    """The demo company's invoicing book, made once per test module."""
    folder = tmp_path_factory.mktemp("books")
    invoicing, _ = setup.create_books(folder)
    setup.fill_invoicing(Book.open(invoicing))
    return invoicing


@pytest.fixture
def book(blank, tmp_path):
    """A fresh copy of it for one test."""
    path = tmp_path / "invoicing.xlsx"
    shutil.copy(blank, path)
    return Book.open(path)
