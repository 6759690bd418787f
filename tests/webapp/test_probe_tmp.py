import re
def test_probe(client):
    page = client.get("/api?f=html").get_data(as_text=True)
    for m in re.finditer(r"https://diwi.nl", page):
        print(repr(page[m.start()-200:m.end()+20]))
    assert 0
